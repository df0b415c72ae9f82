package dev.factorgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The two message bundles: same keys, same arguments, valid MessageFormat, really UTF-8. */
class PagesBundleTest {

  private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)");

  @Test
  void bothBundlesHaveTheSameKeys() throws IOException {
    Properties en = load("messages.properties");
    Properties zh = load("messages_zh_CN.properties");
    assertThat(en).isNotEmpty();
    assertThat(new TreeSet<>(zh.stringPropertyNames())).isEqualTo(new TreeSet<>(en.stringPropertyNames()));
    for (String key : en.stringPropertyNames()) {
      assertThat(en.getProperty(key)).as(key).isNotBlank();
      assertThat(zh.getProperty(key)).as(key).isNotBlank();
    }
  }

  @Test
  void englishOverrideBundleStaysEmpty() throws IOException {
    // messages_en exists only to stop the fallback to the JVM default locale; keys there would
    // silently shadow messages.properties.
    assertThat(load("messages_en.properties")).isEmpty();
  }

  @Test
  void translationsTakeTheSameArgumentsAndAreValidMessageFormats() throws IOException {
    Properties en = load("messages.properties");
    Properties zh = load("messages_zh_CN.properties");
    for (String key : en.stringPropertyNames()) {
      Set<String> enArgs = arguments(en.getProperty(key));
      assertThat(arguments(zh.getProperty(key))).as(key).isEqualTo(enArgs);
      for (Properties p : new Properties[] {en, zh}) {
        String text = p.getProperty(key);
        if (enArgs.isEmpty()) {
          // Printed as is: a doubled apostrophe here would show up doubled.
          assertThat(text).as(key).doesNotContain("''");
        } else {
          String out = new MessageFormat(text, Locale.ROOT).format(new Object[] {7, 7});
          assertThat(out).as(key).doesNotContain("{").doesNotContain("''");
          assertThat(text.replace("''", "")).as("unescaped apostrophe in %s", key).doesNotContain("'");
        }
      }
    }
  }

  @Test
  void resourceBundlesResolveToTheRightLanguage() {
    ResourceBundle zh = ResourceBundle.getBundle(Pages.BUNDLE, Locale.SIMPLIFIED_CHINESE);
    assertThat(zh.getString("refused.recycled.title")).isEqualTo("此手机号码已易主");
    ResourceBundle en = ResourceBundle.getBundle(Pages.BUNDLE, Locale.ENGLISH);
    assertThat(en.getString("refused.recycled.title")).isEqualTo("This phone number has changed hands");
  }

  private static Set<String> arguments(String text) {
    Set<String> args = new TreeSet<>();
    Matcher m = ARGUMENT.matcher(text);
    while (m.find()) {
      args.add(m.group(1));
    }
    return args;
  }

  static Properties load(String name) throws IOException {
    Properties p = new Properties();
    try (InputStream in = PagesBundleTest.class.getResourceAsStream("/i18n/" + name)) {
      assertThat(in).as(name).isNotNull();
      try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        p.load(r);
      }
    }
    return p;
  }
}
