package dev.factorgate.web;

import static java.util.Locale.ENGLISH;
import static java.util.Locale.SIMPLIFIED_CHINESE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LocalesTest {

  @ParameterizedTest
  @ValueSource(strings = {"zh", "zh-CN", "zh-Hans", "zh_CN", "ZH-cn", "zh-hans", " zh ", "zh-Hans-HK", "zh-SG"})
  void langParameterSelectsChinese(String lang) {
    assertThat(Locales.choose(lang, "en-US,en;q=0.9")).isEqualTo(SIMPLIFIED_CHINESE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "EN", "en-GB", "en_US"})
  void langParameterSelectsEnglish(String lang) {
    assertThat(Locales.choose(lang, "zh-CN,zh;q=0.9")).isEqualTo(ENGLISH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"zh-TW", "zh-Hant", "fr", "<script>", "zh--CN", "xx-", "\u4e2d\u6587"})
  void unsupportedLangParameterFallsThroughToTheHeader(String lang) {
    assertThat(Locales.choose(lang, "zh-CN")).isEqualTo(SIMPLIFIED_CHINESE);
    assertThat(Locales.choose(lang, null)).isEqualTo(ENGLISH);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "zh-CN,zh;q=0.9,en;q=0.8 | zh",
        "en-US,en;q=0.9,zh-CN;q=0.8 | en",
        "fr-FR,fr;q=0.9,zh;q=0.5,en;q=0.4 | zh",
        "zh-TW,zh-HK;q=0.9,en;q=0.8 | en",
        "zh-Hant;q=1,zh-Hans;q=0.5 | zh",
        "zh-Hant-TW,zh-HK,fr | en",
        "en;q=0.5,zh;q=0.8 | zh",
        "en;q=0.8,zh;q=0.8 | en",
        "zh;q=0.8,en;q=0.8 | zh",
        "zh-SG | zh",
        "ZH-HANS-CN | zh",
        "zh_CN | zh",
        "zh;q=0,en;q=0.1 | en",
        "zh;q=0 | en",
        "* | en",
        "*;q=1,zh;q=0.2 | zh",
        "de, ja | en",
        "zh;q=1.000 , en | zh",
        "  zh-cn  ;  q=0.7 ,en;q=0.6 | zh",
      })
  void acceptLanguage(String header, String expected) {
    assertThat(Locales.choose(null, header)).isEqualTo(expected.equals("zh") ? SIMPLIFIED_CHINESE : ENGLISH);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "zh;q=2", "zh;q=-1", "zh;q=NaN", "zh;q=1e3", "zh;q=0.1234", "zh;q=", "zh;q=0.5.5", "zh;q",
        "zh;q=Infinity", "zh;q=\u0661", ";;;,,,", ",zh;q=abc", "zh;;;q=x;q=1", "\u0000\uffff", "zh-\u4e2d",
        "q=1", "=;=,=", "zh;q= 0x1"
      })
  void garbageQValuesAreIgnoredNotFatal(String header) {
    assertThat(Locales.choose(null, header)).isEqualTo(ENGLISH);
  }

  @Test
  void garbageDoesNotHideALaterGoodEntry() {
    assertThat(Locales.choose(null, "zh;q=banana, en;q=0.1")).isEqualTo(ENGLISH);
    assertThat(Locales.choose(null, "en;q=banana, zh;q=0.1")).isEqualTo(SIMPLIFIED_CHINESE);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" ", "\t", ","})
  void nothingMeansEnglish(String value) {
    assertThat(Locales.choose(value, value)).isEqualTo(ENGLISH);
  }

  @Test
  void hugeHeadersAreCheapAndSafe() {
    String manyEntries = "fr;q=0.1,".repeat(100_000) + "zh";
    long start = System.nanoTime();
    assertThat(Locales.choose(null, manyEntries)).isEqualTo(ENGLISH); // zh is beyond the entry limit
    assertThat(Locales.choose(null, "zh," + "x".repeat(1_000_000))).isEqualTo(SIMPLIFIED_CHINESE);
    assertThat(Locales.choose("z".repeat(1_000_000), "en-" + "a".repeat(1_000_000) + ";q=0.9")).isEqualTo(ENGLISH);
    assertThat(Locales.choose(null, ",".repeat(1_000_000) + "zh")).isEqualTo(ENGLISH);
    assertThat(Locales.choose(null, "zh;" + "q=1;".repeat(100_000))).isEqualTo(SIMPLIFIED_CHINESE);
    assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
  }

  @Test
  void htmlLang() {
    assertThat(Locales.htmlLang(ENGLISH)).isEqualTo("en");
    assertThat(Locales.htmlLang(SIMPLIFIED_CHINESE)).isEqualTo("zh-CN");
    assertThat(Locales.htmlLang(Locale.CHINESE)).isEqualTo("zh-CN");
    assertThat(Locales.htmlLang(Locale.US)).isEqualTo("en");
    assertThat(Locales.htmlLang(null)).isEqualTo("en");
  }
}
