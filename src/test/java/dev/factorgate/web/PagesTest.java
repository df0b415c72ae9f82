package dev.factorgate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Renders every page in both languages and checks the HTML the browser gets. */
class PagesTest {

  private static final Pages PAGES = new Pages();
  private static final Pattern POST_FORM = Pattern.compile("(?s)<form method=\"post\"[^>]*>(.*?)</form>");
  private static final Pattern INPUT = Pattern.compile("<input\\b[^>]*>");
  private static final Pattern ID = Pattern.compile("\\bid=\"([^\"]+)\"");
  private static final Pattern CJK = Pattern.compile("\\p{IsHan}");

  static Stream<Arguments> cases() {
    return PageModels.all().stream()
        .flatMap(c -> Stream.of(Arguments.of(c, Locale.ENGLISH), Arguments.of(c, Locale.SIMPLIFIED_CHINESE)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void everyPageRendersCompletelyInBothLanguages(PageModels.Case c, Locale locale) throws IOException {
    String html = PAGES.render(c.template(), locale, c.model());
    String lang = Locales.htmlLang(locale);

    assertThat(html).startsWith("<!doctype html>").contains("<html lang=\"" + lang + "\">")
        .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .contains("<link rel=\"stylesheet\" href=\"/_factorgate/static/factorgate.css\">");
    assertThat(count(html, "<h1")).as("one h1").isEqualTo(1);
    assertThat(html).doesNotContain("???").doesNotContain("{0").doesNotContain("&#39;&#39;");
    for (String key : bundleKeys()) {
      assertThat(html).as("raw message key").doesNotContain(key);
    }
    if (locale.equals(Locale.SIMPLIFIED_CHINESE)) {
      assertThat(CJK.matcher(html).find()).as("Chinese text").isTrue();
    } else {
      assertThat(CJK.matcher(html).find()).as("no Chinese in English").isFalse();
    }
    if (c.model().get("error") != null) {
      assertThat(html).contains("role=\"alert\"");
    }
    assertFormsCarryCsrf(html);
    assertInputsAreLabelled(html);
  }

  @Test
  void chinesePageIsInChinese() {
    PageModels.Case enrol = PageModels.all().stream().filter(c -> c.template().equals("enrol")).findFirst().orElseThrow();
    String html = PAGES.render("enrol", Locale.SIMPLIFIED_CHINESE, enrol.model());
    assertThat(html).contains("<html lang=\"zh-CN\">").contains("设置身份验证器应用").contains("稍后提醒我（还剩 3 次）");
    String en = PAGES.render("enrol", Locale.ENGLISH, enrol.model());
    assertThat(en).contains("<html lang=\"en\">").contains("Set up an authenticator app").contains("Remind me later (3 left)");
  }

  @Test
  void englishStaysEnglishWhenTheJvmDefaultLocaleIsChinese() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.SIMPLIFIED_CHINESE);
      ResourceBundle.clearCache();
      String html = PAGES.render("refused", Locale.ENGLISH, PageModels.base("reason", "recycled"));
      assertThat(html).contains("This phone number has changed hands");
      assertThat(CJK.matcher(html).find()).isFalse();
    } finally {
      Locale.setDefault(saved);
      ResourceBundle.clearCache();
    }
  }

  @Test
  void challengeOffersOneTimeCodeInputs() {
    String html = PAGES.render("challenge", Locale.ENGLISH, PageModels.all().get(0).model());
    assertThat(html).contains("autocomplete=\"one-time-code\"").contains("inputmode=\"numeric\"")
        .contains("pattern=\"[0-9 ]*\"").contains("action=\"/_factorgate/challenge/email\"")
        .contains("name=\"method\" value=\"recovery\"")
        .contains("autocapitalize=\"none\"").contains("spellcheck=\"false\"")
        .contains("Your account is protected with a second factor");
    assertThat(count(html, "action=\"/_factorgate/challenge\"")).isEqualTo(3);
  }

  @Test
  void enrolNudgeOffersSnoozeOnlyWhileSnoozesRemain() {
    String unlimited = PAGES.render("enrol", Locale.ENGLISH, PageModels.base("mode", "nudge", "snoozesLeft", -1));
    assertThat(unlimited).contains("/_factorgate/enrol/later").contains(">Remind me later</button>");
    String none = PAGES.render("enrol", Locale.ENGLISH, PageModels.base("mode", "nudge", "snoozesLeft", 0));
    assertThat(none).doesNotContain("/enrol/later").contains("/_factorgate/totp");
    String required = PAGES.render("enrol", Locale.ENGLISH,
        PageModels.base("mode", "required", "snoozesLeft", 5, "deadline", "2026-03-01"));
    assertThat(required).doesNotContain("/enrol/later").contains("2026-03-01");
  }

  @Test
  void stepUpCarriesReturnToInEveryForm() {
    String html = PAGES.render("step_up", Locale.ENGLISH,
        PageModels.base("methods", List.of("totp", "email", "recovery"), "returnTo", "/_factorgate/settings"));
    Matcher m = POST_FORM.matcher(html);
    int forms = 0;
    while (m.find()) {
      forms++;
      assertThat(m.group(0)).contains("name=\"return_to\" value=\"/_factorgate/settings\"");
    }
    assertThat(forms).isEqualTo(4);
    assertThat(html).contains("action=\"/_factorgate/step-up\"");
  }

  @Test
  void modelValuesAreEscaped() {
    String evil = "<script>alert(1)</script>";
    String html = PAGES.render("error", Locale.ENGLISH, PageModels.base("status", 400, "title", evil, "detail", "\"' onmouseover=x"));
    assertThat(html).doesNotContain("<script").contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("\"' onmouseover").contains("&quot;&#39; onmouseover=x");
    Map<String, Object> settings = PageModels.settings("sms_only",
        List.of(Map.of("id", "1", "kind", "totp", "label", evil, "status", "active", "createdAt", "2025-01-01")),
        5, true, false, null, null);
    assertThat(PAGES.render("settings", Locale.SIMPLIFIED_CHINESE, settings)).doesNotContain("<script");
  }

  @Test
  void recoveryCodesPageListsCodesAndOffersTheDownload() {
    Map<String, Object> model = PageModels.recoveryCodes();
    String html = PAGES.render("recovery_codes", Locale.ENGLISH, model);
    assertThat(count(html, "<li><code>")).isEqualTo(10);
    assertThat(html).contains("download=\"recovery-codes.txt\"")
        .contains("href=\"data:text/plain;charset=utf-8,k7mq-2xvd%0Ap9rt")
        .contains("type=\"checkbox\" value=\"yes\" required").contains("action=\"/_factorgate/continue\"");
  }

  @Test
  void downloadHrefEncodesForADataUri() {
    assertThat(Pages.textDownloadHref("a b\n+&#")).isEqualTo("data:text/plain;charset=utf-8,a%20b%0A%2B%26%23");
    assertThat(Pages.textDownloadHref(null)).isEqualTo("data:text/plain;charset=utf-8,");
  }

  @Test
  void unknownTemplateOrMissingKeyFailsLoudly() {
    assertThatThrownBy(() -> PAGES.render("no_such_page", Locale.ENGLISH, Map.of()))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> PAGES.render("challenge", Locale.ENGLISH,
        PageModels.base("methods", List.of("totp"), "error", "error.not_a_key")))
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  void langDefaultsFromTheLocale() {
    Map<String, Object> model = PageModels.base("status", 404, "title", "t", "detail", "d");
    assertThat(PAGES.render("error", Locale.SIMPLIFIED_CHINESE, model)).contains("<html lang=\"zh-CN\">").contains("错误代码：404");
    assertThat(PAGES.render("error", null, model)).contains("<html lang=\"en\">").contains("Error code: 404");
  }

  private static void assertFormsCarryCsrf(String html) {
    assertThat(count(html, "<form ")).as("every form is a POST").isEqualTo(count(html, "<form method=\"post\""));
    Matcher m = POST_FORM.matcher(html);
    while (m.find()) {
      assertThat(m.group(1)).as("csrf in %s", m.group(0))
          .contains("<input type=\"hidden\" name=\"csrf\" value=\"" + PageModels.CSRF + "\">");
    }
  }

  private static void assertInputsAreLabelled(String html) {
    Set<String> ids = new HashSet<>();
    Matcher m = ID.matcher(html);
    while (m.find()) {
      assertThat(ids.add(m.group(1))).as("unique id %s", m.group(1)).isTrue();
    }
    Matcher in = INPUT.matcher(html);
    while (in.find()) {
      String tag = in.group();
      if (tag.contains("type=\"hidden\"")) {
        continue;
      }
      Matcher id = ID.matcher(tag);
      assertThat(id.find()).as("input has an id: %s", tag).isTrue();
      assertThat(html).as("label for %s", tag).contains("<label for=\"" + id.group(1) + "\">");
    }
  }

  static Set<String> bundleKeys() throws IOException {
    Properties p = new Properties();
    try (Reader r = new InputStreamReader(
        PagesTest.class.getResourceAsStream("/i18n/messages.properties"), StandardCharsets.UTF_8)) {
      p.load(r);
    }
    return p.stringPropertyNames();
  }

  private static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) {
      n++;
    }
    return n;
  }
}
