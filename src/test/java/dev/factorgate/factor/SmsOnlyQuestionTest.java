package dev.factorgate.factor;

import static dev.factorgate.support.Forms.cookie;
import static dev.factorgate.support.Forms.hidden;
import static dev.factorgate.support.GatewayFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.support.Forms;
import dev.factorgate.support.GatewayFixture;
import dev.factorgate.support.Otp;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code policy.disable_sms_only_on_enrol: false}: confirming the first factor leaves SMS-only
 * sign-in as it was, and the last enrolment step asks, recommending to turn it off (SPEC 2).
 */
class SmsOnlyQuestionTest {

  private static final String ASK = "policy: { disable_sms_only_on_enrol: false }\n";
  private static final String CHECKBOX = "name=\"sms_only_off\" type=\"checkbox\" value=\"yes\" checked";

  private static HttpResponse<String> get(String url, String cookie) {
    return Forms.getPage(url, cookie);
  }

  private static HttpResponse<String> post(String url, String cookie, String... fields) {
    return Forms.postForm(url, cookie, fields);
  }

  /** A held browser sign-in that sets up an authenticator; returns the recovery-code page and the pending cookie. */
  private static String[] enrolInPages(GatewayFixture f) {
    String base = GatewayFixture.base(f.a());
    f.aliceInNudgeCampaign();
    String pending = Forms.pendingCookie(f.smsLogin(f.a(), ALICE, false));
    String enrolPage = get(base + "/_factorgate/enrol", pending).body();
    return new String[] {addAuthenticator(f, pending, enrolPage), pending};
  }

  /** Starts an authenticator from a page with a CSRF token and confirms it; returns the page that follows. */
  private static String addAuthenticator(GatewayFixture f, String cookie, String page) {
    String base = GatewayFixture.base(f.a());
    HttpResponse<String> totpPage = post(base + "/_factorgate/totp", cookie, "csrf", hidden(page, "csrf"));
    Matcher uri = Pattern.compile("href=\"(otpauth://[^\"]+)\"").matcher(totpPage.body());
    assertThat(uri.find()).as(totpPage.body()).isTrue();
    String secret = Otp.secretOf(uri.group(1).replace("&amp;", "&"));
    Matcher action = Pattern.compile("action=\"(/_factorgate/totp/[0-9a-f-]+/confirm)\"").matcher(totpPage.body());
    assertThat(action.find()).isTrue();
    HttpResponse<String> next = post(base + action.group(1), cookie, "csrf", hidden(totpPage.body(), "csrf"),
        "code", Otp.code(secret, f.clock.instant()));
    assertThat(next.statusCode()).isEqualTo(200);
    return next.body();
  }

  private static Object policy(GatewayFixture f) {
    return f.sql.value("select login_policy from accounts where user_id = 'u1001'");
  }

  @Test
  void theLastStepAsksAndTurnsSmsOnlyOffWhenTheBoxStaysTicked() {
    try (GatewayFixture f = new GatewayFixture(ASK)) {
      String[] step = enrolInPages(f);
      assertThat(policy(f)).as("confirming the factor alone changes nothing").isEqualTo("sms_only");
      assertThat(step[0]).contains(CHECKBOX).contains("Turn off SMS-only sign-in (recommended)");

      HttpResponse<String> released = post(GatewayFixture.base(f.a()) + "/_factorgate/release", step[1],
          "csrf", hidden(step[0], "csrf"), "saved", "yes", "sms_only_off", "yes");

      assertThat(released.statusCode()).isEqualTo(303);
      assertThat(cookie(released.headers().allValues("Set-Cookie"), "demo_session")).isNotBlank();
      assertThat(policy(f)).isEqualTo("second_factor_required");
      assertThat(f.sql.value("select detail->>'asked_at' from audit_log where action = 'policy_change' and outcome = 'second_factor_required'"))
          .isEqualTo("enrolment");
      // the next SMS sign-in is challenged
      assertThat(f.smsLogin(f.a(), ALICE, false).headers().firstValue("Location")).hasValue("/_factorgate/challenge");
    }
  }

  @Test
  void untickingTheBoxKeepsSmsOnlySignIn() {
    try (GatewayFixture f = new GatewayFixture(ASK)) {
      String[] step = enrolInPages(f);

      HttpResponse<String> released = post(GatewayFixture.base(f.a()) + "/_factorgate/release", step[1],
          "csrf", hidden(step[0], "csrf"), "saved", "yes");

      assertThat(released.statusCode()).isEqualTo(303);
      assertThat(policy(f)).isEqualTo("sms_only");
      assertThat(f.sql.count("select count(*) from audit_log where action = 'policy_change'")).isZero();
    }
  }

  @Test
  void anAppAnswersWithTheRelease() {
    try (GatewayFixture f = new GatewayFixture(ASK)) {
      f.aliceInNudgeCampaign();
      String pending = f.heldApiLogin(f.a(), ALICE);
      JsonObject t = new JsonObject(f.post(f.a(), "/api/factors/totp", pending, null).body());
      JsonObject c = new JsonObject(f.post(f.a(), "/api/factors/" + t.getString("id") + "/confirm", pending,
          new JsonObject().put("code", Otp.code(t.getString("secret"), f.clock.instant()))).body());
      assertThat(c.getString("login_policy")).isEqualTo("sms_only");

      HttpResponse<String> wrongType = f.post(f.a(), "/api/release", pending, new JsonObject().put("disable_sms_only", "true"));
      assertThat(wrongType.statusCode()).isEqualTo(400);
      assertThat(wrongType.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      HttpResponse<String> released = f.post(f.a(), "/api/release", pending, new JsonObject().put("disable_sms_only", true));

      assertThat(released.statusCode()).isEqualTo(200);
      assertThat(policy(f)).isEqualTo("second_factor_required");
    }
  }

  @Test
  void withTheDefaultNothingIsAskedBecauseConfirmingAlreadyTurnedItOff() {
    try (GatewayFixture f = new GatewayFixture()) {
      String[] step = enrolInPages(f);
      assertThat(policy(f)).isEqualTo("second_factor_required");
      assertThat(step[0]).doesNotContain("sms_only_off");
    }
  }

  @Test
  void aFirstFactorAddedFromTheSettingsAsksToo() {
    try (GatewayFixture f = new GatewayFixture(ASK)) {
      String base = GatewayFixture.base(f.a());
      f.aliceInNudgeCampaign();
      String pending = Forms.pendingCookie(f.smsLogin(f.a(), ALICE, false));
      String enrolPage = get(base + "/_factorgate/enrol", pending).body();
      HttpResponse<String> later = post(base + "/_factorgate/enrol/later", pending, "csrf", hidden(enrolPage, "csrf"));
      assertThat(later.statusCode()).isEqualTo(303);
      String session = "fg_session=" + cookie(later.headers().allValues("Set-Cookie"), "fg_session");

      String codesPage = addAuthenticator(f, session, get(base + "/_factorgate/settings", session).body());
      assertThat(codesPage).contains(CHECKBOX).contains("action=\"/_factorgate/recovery-codes/saved\"");

      HttpResponse<String> saved = post(base + "/_factorgate/recovery-codes/saved", session,
          "csrf", hidden(codesPage, "csrf"), "saved", "yes", "sms_only_off", "yes");

      assertThat(saved.headers().firstValue("Location")).hasValue("/_factorgate/settings?notice=sms_only_off");
      assertThat(policy(f)).isEqualTo("second_factor_required");
    }
  }
}
