package dev.factorgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which words and which way on an error page offers, for the problems people meet and the rest. */
class ErrorPagesTest {

  private static final Pages PAGES = new Pages();
  private final ErrorPages errors = new ErrorPages(PAGES, "/_factorgate", "/login");

  @Test
  void anExpiredSignInOffersSigningInAgainInTheReadersLanguage() {
    Map<String, Object> model = errors.model(new HttpProblem(401, "pending-login-expired", "Sign-in expired", "Expired."));
    assertThat(model).containsEntry("signInHref", "/login").containsEntry("showDetail", false);
    String zh = PAGES.render("error", Locale.SIMPLIFIED_CHINESE, model);
    assertThat(zh).contains("<html lang=\"zh-CN\">").contains("本次登录已过期").contains("href=\"/login\"").contains("重新登录")
        .doesNotContain("Expired.");
    String en = PAGES.render("error", Locale.ENGLISH, model);
    assertThat(en).contains("Your sign-in has expired").contains(">Sign in again</a>")
        .contains("href=\"/_factorgate/static/factorgate.css\"");
  }

  @Test
  void anUnforeseenProblemKeepsItsOwnDetailForSupport() {
    Map<String, Object> model = errors.model(new HttpProblem(500, "internal-error", "Internal error", "Something went wrong (request id 42)."));
    assertThat(model).doesNotContainKey("signInHref").containsEntry("showDetail", true);
    assertThat(PAGES.render("error", Locale.ENGLISH, model)).contains("Something went wrong").contains("request id 42")
        .contains("Error code: 500");
  }

  @Test
  void knownRefusalsAreNamedWithoutTheirTechnicalDetail() {
    for (String type : new String[] {"csrf", "not-found", "too-many-attempts", "no-snooze-left", "factor-not-pending",
        "enrolment-incomplete", "service-unavailable"}) {
      Map<String, Object> model = errors.model(new HttpProblem(400, type, "T", "technical detail"));
      assertThat(model.get("titleKey")).as(type).isNotEqualTo("error_page.generic.title");
      assertThat(PAGES.render("error", Locale.ENGLISH, model)).as(type).doesNotContain("technical detail");
    }
  }
}
