package dev.factorgate.factor;

import static dev.factorgate.support.GatewayFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.support.Enrolment;
import dev.factorgate.support.GatewayFixture;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class IpLimitTest {

  @Test
  void oneIpGetsAFixedNumberOfAttemptsPerMinute() {
    try (GatewayFixture f = new GatewayFixture("policy: { lockout: { per_ip_per_minute: 3, delay_after: 10, lock_after: 20 } }\n")) {
      Enrolment alice = Enrolment.alice(f);
      String p = f.heldApiLogin(f.a(), ALICE);
      for (int i = 0; i < 3; i++) {
        assertThat(f.post(f.a(), "/api/challenge", p, new JsonObject().put("method", "totp").put("code", "000000")).statusCode()).isEqualTo(401);
      }
      HttpResponse<String> limited = f.post(f.b(), "/api/challenge", p, new JsonObject().put("method", "totp").put("code", alice.code(f)));
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After")).isPresent();
      f.clock.advance(java.time.Duration.ofMinutes(1));
      assertThat(f.post(f.a(), "/api/challenge", p, new JsonObject().put("method", "totp").put("code", alice.code(f))).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void onlyRefusalsCountSoManySignInsFromOneSharedAddressPass() {
    // a carrier-grade NAT: many people, one address; the limit is for guesses, not sign-ins
    try (GatewayFixture f = new GatewayFixture("policy: { lockout: { per_ip_per_minute: 2, delay_after: 10, lock_after: 20 } }\n")) {
      Enrolment alice = Enrolment.alice(f);
      for (int i = 0; i < 4; i++) {
        String p = f.heldApiLogin(f.a(), ALICE);
        HttpResponse<String> ok = f.post(f.a(), "/api/challenge", p, new JsonObject().put("method", "recovery").put("code", alice.recoveryCodes().get(i)));
        assertThat(ok.statusCode()).as("sign-in %d", i + 1).isEqualTo(200);
      }
      assertThat(f.sql.count("select count(*) from ip_throttles")).isZero();
      assertThat(f.sql.count("select count(*) from throttles")).as("no failure, no throttle row").isZero();
      String p = f.heldApiLogin(f.a(), ALICE);
      for (int i = 0; i < 2; i++) {
        assertThat(f.post(f.a(), "/api/challenge", p, new JsonObject().put("method", "totp").put("code", "000000")).statusCode()).isEqualTo(401);
      }
      assertThat(f.post(f.b(), "/api/challenge", p, new JsonObject().put("method", "totp").put("code", alice.code(f))).statusCode()).isEqualTo(429);
    }
  }
}
