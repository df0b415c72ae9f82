package dev.factorgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Checks on the template files themselves, which the CSP and the bundles depend on. */
class PagesTemplateSourceTest {

  private static final Path DIR = Path.of("src/main/resources/templates");
  private static final Pattern LITERAL_KEY = Pattern.compile("i18n\\(\"i18n/messages\", \"([^\"]+)\"");

  @Test
  void noInlineStylesOrScripts() throws IOException {
    for (Path t : templates()) {
      String src = Files.readString(t, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
      assertThat(src).as(t.toString()).doesNotContain("style=").doesNotContain("<style")
          .doesNotContain("<script").doesNotContain("javascript:");
      assertThat(src).as("event handler attribute in %s", t).doesNotContainPattern("\\son[a-z]+=");
    }
  }

  @Test
  void everyLiteralKeyExistsInTheBundles() throws IOException {
    Properties en = PagesBundleTest.load("messages.properties");
    int seen = 0;
    for (Path t : templates()) {
      Matcher m = LITERAL_KEY.matcher(Files.readString(t, StandardCharsets.UTF_8));
      while (m.find()) {
        seen++;
        String key = m.group(1);
        if (key.equals("refused.")) {
          continue; // built from the reason; covered below
        }
        assertThat(en.getProperty(key)).as("%s in %s", key, t).isNotNull();
      }
    }
    assertThat(seen).isGreaterThan(50);
    for (String reason : List.of("locked", "recycled", "frozen", "enrolment_refused")) {
      for (String part : List.of("title", "text", "help")) {
        assertThat(en.getProperty("refused." + reason + "." + part)).isNotNull();
      }
    }
  }

  @Test
  void everyPageHasATemplateAndExtendsTheLayout() throws IOException {
    List<String> pages = List.of("challenge", "enrol", "totp_enrol", "recovery_codes", "settings", "step_up", "refused", "error");
    for (String page : pages) {
      String src = Files.readString(DIR.resolve(page + ".peb"), StandardCharsets.UTF_8);
      assertThat(src).as(page).startsWith("{% extends \"layout\" %}");
    }
    assertThat(PageModels.all().stream().map(PageModels.Case::template).distinct()).containsExactlyInAnyOrderElementsOf(pages);
  }

  private static List<Path> templates() throws IOException {
    try (Stream<Path> s = Files.list(DIR)) {
      List<Path> all = s.filter(p -> p.toString().endsWith(".peb")).sorted().toList();
      assertThat(all).hasSizeGreaterThanOrEqualTo(10);
      return all;
    }
  }
}
