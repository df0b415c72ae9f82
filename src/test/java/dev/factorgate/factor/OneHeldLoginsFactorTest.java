package dev.factorgate.factor;

import static dev.factorgate.support.GatewayFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.support.GatewayFixture;
import dev.factorgate.support.Otp;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * "A factor confirmed during this held login" means this one: while someone else holds a login of
 * the same number (a recycled or rented SIM), the owner enrolling from their own sign-in must not
 * release the other login or let it add a factor of its own without a step-up.
 */
class OneHeldLoginsFactorTest {

  @Test
  void theOwnersNewFactorNeitherReleasesNorStepsUpAnotherHeldLoginOfTheSameNumber() {
    try (GatewayFixture f = new GatewayFixture()) {
      f.sql.update("insert into accounts (user_id, phone) values ('u1001', ?)", ALICE);
      f.sql.update("insert into campaigns (name, mode, audience, created_by) values ('req', 'require', '{}'::jsonb, 't')");
      f.sql.update("insert into campaign_members (campaign_id, account_id) select c.id, a.id from campaigns c, accounts a");
      String other = f.heldApiLogin(f.a(), ALICE);
      String owner = f.heldApiLogin(f.a(), ALICE);

      JsonObject t = new JsonObject(f.post(f.a(), "/api/factors/totp", owner, null).body());
      HttpResponse<String> confirmed = f.post(f.a(), "/api/factors/" + t.getString("id") + "/confirm", owner,
          new JsonObject().put("code", Otp.code(t.getString("secret"), f.clock.instant())));
      assertThat(confirmed.statusCode()).isEqualTo(200);

      HttpResponse<String> release = f.post(f.a(), "/api/release", other, null);
      assertThat(release.statusCode()).isEqualTo(403);
      assertThat(new JsonObject(release.body()).getString("type")).isEqualTo("enrolment-incomplete");
      assertThat(release.headers().firstValue("Factorgate-Session")).isEmpty();
      assertThat(f.sql.count("select count(*) from pending_logins where consumed_at is null")).as("a refused release uses nothing up").isEqualTo(2);
      assertThat(f.sql.count("select count(*) from gateway_sessions")).isZero();
      HttpResponse<String> second = f.post(f.a(), "/api/factors/totp", other, null);
      assertThat(second.statusCode()).isEqualTo(403);
      assertThat(new JsonObject(second.body()).getString("type")).isEqualTo("step-up-required");
      assertThat(f.sql.count("select count(*) from factors")).isEqualTo(1);

      // the owner's own held login is released by the factor it confirmed
      assertThat(f.post(f.a(), "/api/release", owner, null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aSetUpIsConfirmedOnlyWhereItWasStarted() {
    try (GatewayFixture f = new GatewayFixture()) {
      f.aliceInNudgeCampaign();
      String started = f.heldApiLogin(f.a(), ALICE);
      String other = f.heldApiLogin(f.a(), ALICE);
      JsonObject t = new JsonObject(f.post(f.a(), "/api/factors/totp", started, null).body());

      HttpResponse<String> elsewhere = f.post(f.a(), "/api/factors/" + t.getString("id") + "/confirm", other,
          new JsonObject().put("code", Otp.code(t.getString("secret"), f.clock.instant())));

      assertThat(elsewhere.statusCode()).isEqualTo(409);
      assertThat(new JsonObject(elsewhere.body()).getString("type")).isEqualTo("factor-not-pending");
      assertThat(f.sql.value("select status from factors")).isEqualTo("pending");
      assertThat(f.post(f.a(), "/api/release", started, null).statusCode()).isEqualTo(403);
      assertThat(f.post(f.a(), "/api/release", other, null).statusCode()).isEqualTo(403);
      // where it was started, it works
      assertThat(f.post(f.a(), "/api/factors/" + t.getString("id") + "/confirm", started,
          new JsonObject().put("code", Otp.code(t.getString("secret"), f.clock.instant()))).statusCode()).isEqualTo(200);
      assertThat(f.post(f.a(), "/api/release", started, null).statusCode()).isEqualTo(200);
    }
  }
}
