package dev.factorgate.factor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.factorgate.support.Enrolment;
import dev.factorgate.support.GatewayFixture;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Changes to an account's factors lock the account first, in a mode a sign-in's own locks do not
 * wait for. A challenge updates its factor (the replay guard) and then inserts the new session,
 * whose foreign key takes a KEY SHARE lock on the account; a removal that held the account FOR
 * UPDATE while waiting for that factor would deadlock with it, and one of the two would fail.
 */
class LockOrderTest {

  @Test
  void aFactorRemovalWaitingForAChallengeDoesNotDeadlockWithIt() throws Exception {
    try (GatewayFixture f = new GatewayFixture()) {
      Enrolment alice = Enrolment.alice(f);
      String session = f.post(f.a(), "/api/step-up", alice.session(), new JsonObject().put("method", "totp").put("code", alice.code(f)))
          .headers().firstValue("Factorgate-Session").orElseThrow();
      f.sql.update("update accounts set login_policy = 'sms_only'"); // so that the factor may go
      long account = f.sql.count("select id from accounts where user_id = 'u1001'");

      try (Connection challenge = DriverManager.getConnection(f.db.jdbcUrl(), f.db.jdbcProperties())) {
        challenge.setAutoCommit(false);
        // a challenge in flight: its replay-guard update holds the factor's row
        try (PreparedStatement s = challenge.prepareStatement("update factors set last_used_at = now() where id = ?")) {
          s.setObject(1, UUID.fromString(alice.factorId()));
          s.executeUpdate();
        }
        CompletableFuture<HttpResponse<String>> removal =
            CompletableFuture.supplyAsync(() -> f.api(f.a(), "DELETE", "/api/factors/" + alice.factorId(), session, null));
        await().atMost(Duration.ofSeconds(20)).until(() -> f.sql.count(
            "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'") > 0);

        // ... and then inserts its session: this must not wait for the removal
        try (PreparedStatement s = challenge.prepareStatement(
            "insert into gateway_sessions (token_hash, account_id, login_method, expires_at) values (?, ?, 'sms', now() + interval '1 hour')")) {
          s.setBytes(1, new byte[] {1, 2, 3});
          s.setLong(2, account);
          s.executeUpdate();
        }
        challenge.commit();

        HttpResponse<String> removed = removal.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(204);
      }
      assertThat(f.sql.value("select status from factors")).isEqualTo("revoked");
    }
  }
}
