package dev.factorgate.factor;

import static dev.factorgate.support.GatewayFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.Gateway;
import dev.factorgate.support.Enrolment;
import dev.factorgate.support.GatewayFixture;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Failed second-factor attempts count per account across pending logins and instances. */
class LockoutTest {

  private GatewayFixture f;
  private Enrolment alice;

  @BeforeEach
  void start() {
    f = new GatewayFixture("policy: { lockout: { per_ip_per_minute: 1000 } }\n");
    alice = Enrolment.alice(f);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private HttpResponse<String> attempt(Gateway g, String pending, String method, String code) {
    return f.post(g, "/api/challenge", pending, new JsonObject().put("method", method).put("code", code));
  }

  @Test
  void delaysDoubleAcrossInstancesThenTheAccountLocksUntilARecoveryCode() {
    String pa = f.heldApiLogin(f.a(), ALICE);
    String pb = f.heldApiLogin(f.b(), ALICE);
    for (int i = 0; i < 5; i++) {
      Gateway g = i % 2 == 0 ? f.a() : f.b();
      assertThat(attempt(g, i % 2 == 0 ? pa : pb, "totp", "000000").statusCode()).isEqualTo(401);
    }
    HttpResponse<String> waiting = attempt(f.b(), pb, "totp", alice.code(f));
    assertThat(waiting.statusCode()).isEqualTo(429);
    assertThat(waiting.headers().firstValue("Retry-After")).hasValue("30");
    f.clock.advance(Duration.ofSeconds(31));
    assertThat(attempt(f.a(), pa, "totp", "000000").statusCode()).isEqualTo(401); // 6th failure
    assertThat(attempt(f.a(), pa, "totp", "000000").headers().firstValue("Retry-After")).hasValue("60");

    // run the count up to the lock
    for (int n = 6; n < 20; n++) {
      f.clock.advance(Duration.ofHours(1).plusSeconds(1));
      String fresh = f.heldApiLogin(f.a(), ALICE); // held logins expire after 5 minutes; the count does not
      pb = f.heldApiLogin(f.b(), ALICE);
      assertThat(attempt(f.a(), fresh, "totp", "000000").statusCode()).isEqualTo(401);
    }
    HttpResponse<String> locked = attempt(f.b(), pb, "totp", alice.code(f));
    assertThat(locked.statusCode()).isEqualTo(429);
    assertThat(new JsonObject(locked.body()).getString("type")).isEqualTo("account-locked");
    // a new login is refused at once while locked (rule 1), but the owner may still enter a recovery code
    HttpResponse<String> refused = f.smsLogin(f.a(), ALICE, true);
    assertThat(refused.statusCode()).isEqualTo(429);
    JsonObject r = new JsonObject(refused.body());
    assertThat(r.getString("type")).isEqualTo("account-locked");
    assertThat(r.getJsonArray("methods").getList()).containsExactly("recovery");
    assertThat(attempt(f.a(), r.getString("pending_token"), "totp", alice.code(f)).statusCode()).isEqualTo(429);

    // a recovery code still works and unlocks
    assertThat(attempt(f.b(), pb, "recovery", alice.recoveryCodes().get(0)).statusCode()).isEqualTo(200);
    assertThat(f.sql.value("select locked_at from throttles")).isNull();
    assertThat(f.smsLogin(f.a(), ALICE, true).statusCode()).isEqualTo(401);
  }

  @Test
  void aSuccessResetsTheCount() {
    String p = f.heldApiLogin(f.a(), ALICE);
    for (int i = 0; i < 4; i++) {
      assertThat(attempt(f.a(), p, "totp", "000000").statusCode()).isEqualTo(401);
    }
    assertThat(f.sql.count("select consecutive_failures from throttles")).isEqualTo(4);
    assertThat(attempt(f.a(), p, "totp", alice.code(f)).statusCode()).isEqualTo(200);
    assertThat(f.sql.count("select count(*) from throttles where consecutive_failures = 0")).isEqualTo(1);
  }

  @Test
  void concurrentGuessesCannotRacePastTheDelay() throws Exception {
    String p = f.heldApiLogin(f.a(), ALICE);
    java.util.List<java.util.concurrent.CompletableFuture<Integer>> all = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Gateway g = i % 2 == 0 ? f.a() : f.b();
      all.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> attempt(g, p, "totp", "000000").statusCode()));
    }
    long failures = 0;
    for (var c : all) {
      if (c.get() == 401) {
        failures++;
      }
    }
    // only delay_after guesses are judged before the first delay applies; the rest wait
    assertThat(failures).isEqualTo(5);
    assertThat(f.sql.count("select consecutive_failures from throttles")).isEqualTo(5);
  }
}
