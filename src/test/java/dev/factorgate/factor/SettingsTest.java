package dev.factorgate.factor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.support.Enrolment;
import dev.factorgate.support.GatewayFixture;
import dev.factorgate.support.Otp;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The settings API: what needs a step-up, and what is never allowed. */
class SettingsTest {

  private GatewayFixture f;
  private Enrolment alice;

  @BeforeEach
  void start() {
    f = new GatewayFixture();
    alice = Enrolment.alice(f);
    f.clock.advance(Duration.ofMinutes(6)); // the enrolment's freshness is gone
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private String stepUp(String session) {
    HttpResponse<String> r = f.post(f.a(), "/api/step-up", session, new JsonObject().put("method", "totp").put("code", alice.code(f)));
    assertThat(r.statusCode()).isEqualTo(204);
    f.clock.advance(Duration.ofSeconds(30));
    return r.headers().firstValue("Factorgate-Session").orElseThrow();
  }

  @Test
  void listsFactorsWithoutSecrets() {
    HttpResponse<String> r = f.api(f.a(), "GET", "/api/factors", alice.session(), null);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject o = new JsonObject(r.body());
    assertThat(o.getString("login_policy")).isEqualTo("second_factor_required");
    assertThat(o.getInteger("recovery_codes_left")).isEqualTo(10);
    assertThat(o.getJsonArray("factors")).hasSize(1);
    JsonObject factor = o.getJsonArray("factors").getJsonObject(0);
    assertThat(factor.fieldNames()).containsExactlyInAnyOrder("id", "kind", "status", "created_at", "last_used_at");
    assertThat(r.body()).doesNotContain(alice.secret());
    assertThat(f.api(f.a(), "GET", "/api/factors", null, null).statusCode()).isEqualTo(401);
  }

  @Test
  void stepUpIssuesANewSessionAndEndsTheOldOne() {
    String fresh = stepUp(alice.session());
    assertThat(fresh).isNotEqualTo(alice.session());
    assertThat(f.api(f.a(), "GET", "/api/factors", alice.session(), null).statusCode()).isEqualTo(401);
    assertThat(f.api(f.a(), "GET", "/api/factors", fresh, null).statusCode()).isEqualTo(200);
  }

  @Test
  void removingAndRegeneratingNeedAFreshStepUp() {
    assertThat(f.api(f.a(), "DELETE", "/api/factors/" + alice.factorId(), alice.session(), null).statusCode()).isEqualTo(403);
    HttpResponse<String> regen = f.post(f.a(), "/api/recovery-codes", alice.session(), null);
    assertThat(regen.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(regen.body()).getString("type")).isEqualTo("step-up-required");

    String s = stepUp(alice.session());
    HttpResponse<String> codes = f.post(f.a(), "/api/recovery-codes", s, null);
    assertThat(codes.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(codes.body()).getJsonArray("recovery_codes")).hasSize(10);
    assertThat(f.sql.count("select count(*) from recovery_codes where code_hmac is not null")).isEqualTo(10);

    f.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
    assertThat(f.post(f.a(), "/api/recovery-codes", s, null).statusCode()).isEqualTo(403);
  }

  @Test
  void theLastFactorCannotBeRemovedWhileSmsOnlyLoginIsOff() {
    String s = stepUp(alice.session());
    HttpResponse<String> r = f.api(f.a(), "DELETE", "/api/factors/" + alice.factorId(), s, null);
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(new JsonObject(r.body()).getString("type")).isEqualTo("last-factor");
    // with SMS-only login back on, it can go
    assertThat(f.post(f.a(), "/api/sms-only", s, new JsonObject().put("allowed", true)).statusCode()).isEqualTo(200);
    assertThat(f.api(f.a(), "DELETE", "/api/factors/" + alice.factorId(), s, null).statusCode()).isEqualTo(204);
    assertThat(f.sql.value("select status from factors")).isEqualTo("revoked");
    assertThat(f.sql.count("select count(*) from audit_log where action = 'factor_remove'")).isEqualTo(1);
  }

  @Test
  void aSecondAuthenticatorNeedsAStepUp() {
    HttpResponse<String> refused = f.post(f.a(), "/api/factors/totp", alice.session(), null);
    assertThat(refused.statusCode()).isEqualTo(403);
    String s = stepUp(alice.session());
    HttpResponse<String> begun = f.post(f.a(), "/api/factors/totp", s, null);
    assertThat(begun.statusCode()).isEqualTo(201);
    JsonObject t = new JsonObject(begun.body());
    HttpResponse<String> confirmed = f.post(f.a(), "/api/factors/" + t.getString("id") + "/confirm", s,
        new JsonObject().put("code", Otp.code(t.getString("secret"), f.clock.instant())));
    assertThat(confirmed.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(confirmed.body()).containsKey("recovery_codes")).isFalse();
    assertThat(f.sql.count("select count(*) from factors where status = 'active'")).isEqualTo(2);
  }

  @Test
  void smsOnlyLoginComesBackOnlyWithAStepUpAndNeverUnderARequireCampaign() {
    HttpResponse<String> noStepUp = f.post(f.a(), "/api/sms-only", alice.session(), new JsonObject().put("allowed", true));
    assertThat(noStepUp.statusCode()).isEqualTo(403);
    f.sql.update("insert into campaigns (name, mode, audience, created_by) values ('req', 'require', '{}'::jsonb, 't')");
    f.sql.update("insert into campaign_members (campaign_id, account_id) select c.id, a.id from campaigns c, accounts a where c.name = 'req'");
    String s = stepUp(alice.session());
    HttpResponse<String> refused = f.post(f.a(), "/api/sms-only", s, new JsonObject().put("allowed", true));
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(new JsonObject(refused.body()).getString("type")).isEqualTo("require-campaign");
    f.sql.update("update campaigns set status = 'cancelled' where name = 'req'");
    HttpResponse<String> ok = f.post(f.a(), "/api/sms-only", s, new JsonObject().put("allowed", true));
    assertThat(new JsonObject(ok.body()).getString("login_policy")).isEqualTo("sms_only");
    HttpResponse<String> off = f.post(f.a(), "/api/sms-only", s, new JsonObject().put("allowed", false));
    assertThat(new JsonObject(off.body()).getString("login_policy")).isEqualTo("second_factor_required");
    assertThat(f.post(f.a(), "/api/sms-only", s, new JsonObject().put("allowed", "yes")).statusCode()).isEqualTo(400);
    assertThat(f.sql.count("select count(*) from audit_log where action = 'policy_change'")).isEqualTo(2);
  }

  @Test
  void smsOnlyLoginGoesOffOnlyWithAStepUpAndAFactor() {
    f.sql.update("update accounts set login_policy = 'sms_only'");
    HttpResponse<String> noStepUp = f.post(f.a(), "/api/sms-only", alice.session(), new JsonObject().put("allowed", false));
    assertThat(noStepUp.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(noStepUp.body()).getString("type")).isEqualTo("step-up-required");
    assertThat(f.sql.value("select login_policy from accounts")).isEqualTo("sms_only");

    String s = stepUp(alice.session());
    HttpResponse<String> off = f.post(f.a(), "/api/sms-only", s, new JsonObject().put("allowed", false));
    assertThat(off.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(off.body()).getString("login_policy")).isEqualTo("second_factor_required");

    // without an active strong factor there is nothing to step up with: the answer says what is missing
    f.sql.update("update accounts set login_policy = 'sms_only'");
    f.sql.update("update factors set status = 'revoked'");
    f.clock.advance(Duration.ofMinutes(6)); // and no fresh step-up either: "no factor" is the answer
    HttpResponse<String> noFactor = f.post(f.a(), "/api/sms-only", s, new JsonObject().put("allowed", false));
    assertThat(noFactor.statusCode()).isEqualTo(409);
    assertThat(new JsonObject(noFactor.body()).getString("type")).isEqualTo("no-factor");
    assertThat(f.sql.value("select login_policy from accounts")).isEqualTo("sms_only");
  }
}
