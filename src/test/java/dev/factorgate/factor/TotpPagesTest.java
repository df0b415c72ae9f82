package dev.factorgate.factor;

import static dev.factorgate.support.Forms.cookie;
import static dev.factorgate.support.Forms.hidden;
import static dev.factorgate.support.GatewayFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.support.Forms;
import dev.factorgate.support.GatewayFixture;
import dev.factorgate.support.Otp;
import dev.factorgate.support.QrDecode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The same path as a person with a browser: forms, CSRF tokens, cookies and redirects, no JSON. */
class TotpPagesTest {

  private static HttpResponse<String> get(String url, String cookie) {
    return Forms.getPage(url, cookie);
  }

  private static HttpResponse<String> post(String url, String cookie, String... fields) {
    return Forms.postForm(url, cookie, fields);
  }

  @Test
  void enrolFromTheNudgeSaveCodesThenPassTheChallengePage() {
    try (GatewayFixture f = new GatewayFixture()) {
      String base = GatewayFixture.base(f.a());
      f.aliceInNudgeCampaign();
      HttpResponse<String> held = f.smsLogin(f.a(), ALICE, false);
      String pending = Forms.pendingCookie(held);
      String enrolPage = get(base + "/_factorgate/enrol", pending).body();

      HttpResponse<String> totpPage = post(base + "/_factorgate/totp", pending, "csrf", hidden(enrolPage, "csrf"));
      assertThat(totpPage.statusCode()).isEqualTo(200);
      assertThat(totpPage.headers().firstValue("Cache-Control")).hasValue("no-store");
      Matcher img = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(totpPage.body());
      assertThat(img.find()).isTrue();
      String uri = QrDecode.text(Base64.getDecoder().decode(img.group(1)));
      String secret = Otp.secretOf(uri);
      assertThat(totpPage.body().replace(" ", "")).contains(secret);
      Matcher action = Pattern.compile("action=\"(/_factorgate/totp/[0-9a-f-]+/confirm)\"").matcher(totpPage.body());
      assertThat(action.find()).isTrue();

      HttpResponse<String> wrong = post(base + action.group(1), pending, "csrf", hidden(totpPage.body(), "csrf"), "code", "000000");
      assertThat(wrong.statusCode()).isEqualTo(400);
      assertThat(wrong.body()).contains("role=\"alert\"");

      HttpResponse<String> codesPage = post(base + action.group(1), pending, "csrf", hidden(totpPage.body(), "csrf"),
          "code", Otp.code(secret, f.clock.instant()));
      assertThat(codesPage.statusCode()).isEqualTo(200);
      List<String> codes = Pattern.compile("<code>([a-z2-7-]{19})</code>").matcher(codesPage.body()).results().map(m -> m.group(1)).toList();
      assertThat(codes).hasSize(10);
      assertThat(codesPage.body()).contains("download=\"recovery-codes.txt\"").contains("action=\"/_factorgate/release\"");

      HttpResponse<String> released = post(base + "/_factorgate/release", pending, "csrf", hidden(codesPage.body(), "csrf"), "saved", "yes");
      assertThat(released.statusCode()).isEqualTo(303);
      assertThat(released.headers().firstValue("Location")).hasValue("/");
      String session = cookie(released.headers().allValues("Set-Cookie"), "fg_session");
      assertThat(cookie(released.headers().allValues("Set-Cookie"), "demo_session")).isNotBlank();

      HttpResponse<String> settings = get(base + "/_factorgate/settings", "fg_session=" + session);
      assertThat(settings.statusCode()).isEqualTo(200);
      assertThat(settings.body()).contains("/_factorgate/factors/").contains("/remove");

      // next sign-in: challenged, passes with the app
      f.clock.advance(Duration.ofSeconds(30));
      HttpResponse<String> again = f.smsLogin(f.a(), ALICE, false);
      assertThat(again.headers().firstValue("Location")).hasValue("/_factorgate/challenge");
      String pending2 = "fg_pending=" + cookie(again.headers().allValues("Set-Cookie"), "fg_pending");
      String challenge = get(base + "/_factorgate/challenge", pending2).body();
      assertThat(challenge).contains("autocomplete=\"one-time-code\"").contains("inputmode=\"numeric\"");
      HttpResponse<String> bad = post(base + "/_factorgate/challenge", pending2, "csrf", hidden(challenge, "csrf"), "method", "totp", "code", "111111");
      assertThat(bad.statusCode()).isEqualTo(401);
      assertThat(bad.body()).contains("role=\"alert\"");
      HttpResponse<String> passed = post(base + "/_factorgate/challenge", pending2, "csrf", hidden(challenge, "csrf"),
          "method", "totp", "code", Otp.code(secret, f.clock.instant()));
      assertThat(passed.statusCode()).isEqualTo(303);
      assertThat(cookie(passed.headers().allValues("Set-Cookie"), "demo_session")).isNotBlank();
      assertThat(cookie(passed.headers().allValues("Set-Cookie"), "fg_session")).isNotEqualTo(session);

      // and later with a recovery code
      HttpResponse<String> third = f.smsLogin(f.a(), ALICE, false);
      String pending3 = "fg_pending=" + cookie(third.headers().allValues("Set-Cookie"), "fg_pending");
      String challenge3 = get(base + "/_factorgate/challenge", pending3).body();
      HttpResponse<String> byRecovery = post(base + "/_factorgate/challenge", pending3, "csrf", hidden(challenge3, "csrf"),
          "method", "recovery", "code", codes.get(0));
      assertThat(byRecovery.statusCode()).isEqualTo(303);
    }
  }

  @Test
  void theNudgePageNamesTheDayNudgesBecomeRequired() {
    try (GatewayFixture f = new GatewayFixture()) {
      f.sql.update("insert into accounts (user_id, phone) values ('u1001', ?)", ALICE);
      f.sql.update("insert into campaigns (name, mode, audience, created_by, enforce_after) values ('n', 'nudge', '{}'::jsonb, 't', ?)",
          java.time.OffsetDateTime.parse("2099-03-01T08:00:00+08:00"));
      f.sql.update("insert into campaign_members (campaign_id, account_id) select c.id, a.id from campaigns c, accounts a");
      String pending = Forms.pendingCookie(f.smsLogin(f.a(), ALICE, false));

      String page = get(GatewayFixture.base(f.a()) + "/_factorgate/enrol", pending).body();

      assertThat(page).contains("From 2099-03-01 00:00 UTC, you will need a second factor to sign in.");
    }
  }

  @Test
  void sensitiveSettingsSendThePersonToStepUpFirst() {
    try (GatewayFixture f = new GatewayFixture()) {
      String base = GatewayFixture.base(f.a());
      dev.factorgate.support.Enrolment alice = dev.factorgate.support.Enrolment.alice(f);
      f.clock.advance(Duration.ofMinutes(6));
      String cookie = "fg_session=" + alice.session();
      String settings = get(base + "/_factorgate/settings", cookie).body();
      HttpResponse<String> regen = post(base + "/_factorgate/recovery-codes", cookie, "csrf", hidden(settings, "csrf"));
      assertThat(regen.statusCode()).isEqualTo(302);
      assertThat(regen.headers().firstValue("Location").orElse("")).startsWith("/_factorgate/step-up");
      String stepUpPage = get(base + regen.headers().firstValue("Location").get(), cookie).body();
      HttpResponse<String> stepped = post(base + "/_factorgate/step-up", cookie, "csrf", hidden(stepUpPage, "csrf"),
          "method", "totp", "code", alice.code(f), "return_to", "/_factorgate/settings");
      assertThat(stepped.statusCode()).isEqualTo(302);
      String fresh = "fg_session=" + cookie(stepped.headers().allValues("Set-Cookie"), "fg_session");
      String settings2 = get(base + "/_factorgate/settings", fresh).body();
      HttpResponse<String> codes = post(base + "/_factorgate/recovery-codes", fresh, "csrf", hidden(settings2, "csrf"));
      assertThat(codes.statusCode()).isEqualTo(200);
      assertThat(codes.body()).contains("recovery-codes.txt");
      // a form without its CSRF token is refused
      assertThat(post(base + "/_factorgate/recovery-codes", fresh, "csrf", "x").statusCode()).isEqualTo(403);
    }
  }
}
