package dev.factorgate.store;

import static dev.factorgate.support.GatewayFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.audit.AuditLog;
import dev.factorgate.support.Enrolment;
import dev.factorgate.support.GatewayFixture;
import dev.factorgate.support.TestKeys;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's rotation, with a real gateway: a new key listed first and the gateway restarted,
 * {@code keys rotate}, then the old key dropped. Authenticators and logins held before the rotation
 * keep working under the new key alone.
 */
class KeyRotationEndToEndTest {

  private final GatewayFixture f = new GatewayFixture();

  @AfterEach
  void stop() {
    f.close();
  }

  private KeyRotation.Result rotate(MasterKeys keys) {
    Vertx vertx = Vertx.vertx();
    try {
      var pool = PgBuilder.pool().connectingTo(f.db.connectOptions()).using(vertx).build();
      return new KeyRotation(pool, keys, new AuditLog("test")).run(KeyRotation.DEFAULT_BATCH_SIZE, "cli:test", n -> { }).await();
    } finally {
      vertx.close().await();
    }
  }

  private int challenge(String pending, String method, String code) {
    return f.post(f.a(), "/api/challenge", pending, new JsonObject().put("method", method).put("code", code)).statusCode();
  }

  @Test
  void aRunningGatewayStillChallengesWithTheOldKeyDroppedAfterTheRotation() {
    Enrolment alice = Enrolment.alice(f);
    String heldBefore = f.heldApiLogin(f.a(), ALICE);
    String newLine = TestKeys.line("knew");
    MasterKeys both = MasterKeys.parse(newLine + "," + TestKeys.keysLine(), "test");

    f.restartWith(both);
    KeyRotation.Result r = rotate(both);

    assertThat(r.left()).isZero();
    assertThat(r.reEncrypted()).isGreaterThanOrEqualTo(2); // the authenticator and the held login at least
    assertThat(f.sql.count("select count(*) from factors where substr(secret, 3, 4) <> 'knew'::bytea")).isZero();
    // while the old key is listed, recovery codes hashed under it still verify
    assertThat(challenge(f.heldApiLogin(f.a(), ALICE), "recovery", alice.recoveryCodes().get(0))).isEqualTo(200);

    f.restartWith(MasterKeys.parse(newLine, "test"));

    // the login held before the rotation opens, and the authenticator's secret too, under the new key alone
    assertThat(challenge(heldBefore, "totp", alice.code(f))).isEqualTo(200);
    // recovery codes cannot be re-encrypted (only their HMAC is kept): without the old key they no longer match
    assertThat(challenge(f.heldApiLogin(f.a(), ALICE), "recovery", alice.recoveryCodes().get(1))).isEqualTo(401);
  }
}
