package dev.factorgate.housekeeping;

import static dev.factorgate.support.GatewayFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.factorgate.Services;
import dev.factorgate.housekeeping.Housekeeping.Run;
import dev.factorgate.support.GatewayFixture;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Housekeeping against a real PostgreSQL. Rows are dated around {@link #now}, a month after the
 * gateway's clock, so the instance's own scheduled runs (at the gateway's time) leave them alone and
 * only the runs a test asks for, at {@link #now}, delete them.
 */
class HousekeepingTest {

  private GatewayFixture f;
  private Services services;
  private Instant now;
  private long account;

  @BeforeEach
  void start() {
    f = new GatewayFixture();
    services = f.a().services();
    now = f.clock.instant().plus(Duration.ofDays(30));
    account = ((Number) f.sql.value("insert into accounts (user_id, phone) values ('h1', ?) returning id", ALICE)).longValue();
  }

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void heldLoginsAreDeletedAnHourAfterTheyExpireWithTheirEmailCodes() {
    UUID gone = heldLogin(ago(Duration.ofMinutes(61)), null);
    heldLogin(ago(Duration.ofHours(2)), ago(Duration.ofHours(3)));
    UUID withinGrace = heldLogin(ago(Duration.ofMinutes(59)), null);
    UUID live = heldLogin(now.plus(Duration.ofMinutes(5)), null);
    UUID code = emailCode("login", null, gone, ago(Duration.ofMinutes(50)), 0, null);
    double before = purged("pending_logins");

    Run run = purge(new Housekeeping(services));

    assertThat(ids("pending_logins")).containsExactlyInAnyOrder(withinGrace.toString(), live.toString());
    assertThat(f.sql.count("select count(*) from email_codes where id = ?", code)).as("cascaded").isZero();
    assertThat(run.purged()).containsEntry("pending_logins", 2L);
    assertThat(purged("pending_logins") - before).isEqualTo(2.0);
  }

  @Test
  void sessionsAreDeletedADayAfterTheyExpire() {
    session("expired", ago(Duration.ofHours(25)), null);
    session("revoked", ago(Duration.ofHours(2)), ago(Duration.ofDays(3)));
    session("recent", ago(Duration.ofHours(23)), null);
    session("live", now.plus(Duration.ofHours(12)), null);

    purge(new Housekeeping(services));

    // a revoked session goes a day after its expiry: it answers like an unknown one meanwhile
    assertThat(strings("select login_method from gateway_sessions order by 1")).containsExactly("live", "recent", "revoked");
  }

  @Test
  void emailCodesAreDeletedAnHourAfterExpiry() {
    UUID factor = pendingEmailFactor(now.plus(Duration.ofMinutes(5)));
    emailCode("enrol", factor, null, ago(Duration.ofMinutes(61)), 4, null);
    emailCode("step_up", null, null, ago(Duration.ofHours(5)), 2, ago(Duration.ofHours(5)));
    emailCode("step_up", null, null, ago(Duration.ofHours(3)), 3, null);
    UUID recent = emailCode("step_up", null, null, ago(Duration.ofMinutes(30)), 0, ago(Duration.ofMinutes(35)));
    UUID live = emailCode("step_up", null, null, now.plus(Duration.ofMinutes(5)), 1, null);

    purge(new Housekeeping(services));

    assertThat(ids("email_codes")).containsExactlyInAnyOrder(recent.toString(), live.toString());
  }

  @Test
  void unconfirmedFactorsAreDeletedADayAfterExpiryAndActiveOrRevokedOnesNever() {
    pendingEmailFactor(ago(Duration.ofHours(25)));
    UUID expiredTotp = UUID.randomUUID();
    f.sql.update("insert into factors (id, account_id, kind, status, secret, algorithm, digits, period, created_at, expires_at) "
        + "values (?, ?, 'totp', 'pending', '\\x01'::bytea, 'SHA1', 6, 30, ?, ?)",
        expiredTotp, account, at(ago(Duration.ofHours(26))), at(ago(Duration.ofHours(25))));
    UUID withinADay = pendingEmailFactor(ago(Duration.ofHours(23)));
    UUID active = UUID.randomUUID();
    f.sql.update("insert into factors (id, account_id, kind, status, address, created_at, confirmed_at) "
        + "values (?, ?, 'email', 'active', 'a@example.com', ?, ?)", active, account, at(ago(Duration.ofDays(400))), at(ago(Duration.ofDays(400))));
    UUID revoked = UUID.randomUUID();
    f.sql.update("insert into factors (id, account_id, kind, status, address, created_at, expires_at, revoked_at) "
        + "values (?, ?, 'email', 'revoked', 'r@example.com', ?, ?, ?)",
        revoked, account, at(ago(Duration.ofDays(400))), at(ago(Duration.ofDays(399))), at(ago(Duration.ofDays(399))));

    purge(new Housekeeping(services));

    assertThat(ids("factors")).containsExactlyInAnyOrder(withinADay.toString(), active.toString(), revoked.toString());
  }

  @Test
  void ipWindowsAreDeletedTenMinutesAfterTheyBegan() {
    ipWindow("192.0.2.1", ago(Duration.ofMinutes(11)));
    ipWindow("192.0.2.2", ago(Duration.ofMinutes(9)));
    ipWindow("192.0.2.3", now);

    purge(new Housekeeping(services));

    assertThat(strings("select ip from ip_throttles order by 1")).containsExactly("192.0.2.2", "192.0.2.3");
  }

  @Test
  void oneTimeLinksAreDeletedADayAfterTheyWereUsedOrExpired() {
    for (String table : new String[] {"enrolment_links", "change_reports"}) {
      link(table, "expired", ago(Duration.ofHours(25)), null);
      link(table, "used", now.plus(Duration.ofHours(1)), ago(Duration.ofHours(25)));
      link(table, "used-recently", now.plus(Duration.ofHours(1)), ago(Duration.ofHours(1)));
      link(table, "live", now.plus(Duration.ofHours(1)), null);
    }

    purge(new Housekeeping(services));

    assertThat(strings("select convert_from(token_hash, 'UTF8') from enrolment_links order by 1")).containsExactly("live", "used-recently");
    assertThat(strings("select convert_from(token_hash, 'UTF8') from change_reports order by 1")).containsExactly("live", "used-recently");
  }

  @Test
  void theAuditLogAccountsRecoveryCodesCampaignsThrottlesAndRecycledNumbersAreKept() {
    f.sql.update("insert into audit_log (at, actor, action, outcome) values (?, 'system', 'old', 'ok')", at(ago(Duration.ofDays(4000))));
    f.sql.update("insert into recovery_codes (account_id, code_hmac, generation, created_at, used_at) values (?, '\\x01'::bytea, 1, ?, ?)",
        account, at(ago(Duration.ofDays(4000))), at(ago(Duration.ofDays(4000))));
    f.sql.update("insert into campaigns (name, mode, status, audience, created_by, created_at, enforce_after) "
        + "values ('old', 'require', 'cancelled', '{}'::jsonb, 't', ?, ?)", at(ago(Duration.ofDays(4000))), at(ago(Duration.ofDays(4000))));
    f.sql.update("insert into campaign_members (campaign_id, account_id, updated_at) select id, ?, ? from campaigns", account, at(ago(Duration.ofDays(4000))));
    f.sql.update("insert into throttles (account_id, updated_at) values (?, ?)", account, at(ago(Duration.ofDays(4000))));
    f.sql.update("insert into recycled_numbers (phone, disconnected_at, source, imported_at) values (?, ?, 't', ?)",
        ALICE, at(ago(Duration.ofDays(4000))), at(ago(Duration.ofDays(4000))));
    String[] kept = {"audit_log", "accounts", "recovery_codes", "campaigns", "campaign_members", "throttles", "recycled_numbers"};
    long[] before = new long[kept.length];
    for (int i = 0; i < kept.length; i++) {
      before[i] = f.sql.count("select count(*) from " + kept[i]);
    }

    Run run = purge(new Housekeeping(services));

    for (int i = 0; i < kept.length; i++) {
      assertThat(f.sql.count("select count(*) from " + kept[i])).as(kept[i]).isEqualTo(before[i]).isPositive();
    }
    assertThat(run.total()).isZero();
  }

  @Test
  void aBacklogLargerThanABatchIsDeletedInOneRunBatchByBatch() {
    f.sql.update("insert into ip_throttles (ip, window_start) select '198.51.100.' || (i % 250), ? - i * interval '1 minute' "
        + "from generate_series(11, 2510) i", at(now));
    ipWindow("192.0.2.9", now);

    Run run = purge(new Housekeeping(services, 100));

    assertThat(run.purged()).containsEntry("ip_throttles", 2500L);
    // 25 full batches and the empty one that ends the loop, plus one short batch for each other kind
    assertThat(run.batches()).isEqualTo(26 + Purge.values().length - 1);
    assertThat(strings("select ip from ip_throttles")).containsExactly("192.0.2.9");
  }

  @Test
  void aRunIsSkippedWhileAnotherHoldsTheLock() throws Exception {
    ipWindow("192.0.2.1", ago(Duration.ofHours(1)));
    Housekeeping housekeeping = new Housekeeping(services);
    try (Connection other = DriverManager.getConnection(f.db.jdbcUrl(), f.db.jdbcProperties());
        Statement s = other.createStatement()) {
      s.execute("select pg_advisory_lock(" + PurgeStore.RUN_LOCK + ")");

      Run skipped = housekeeping.runOnce(now).await();

      assertThat(skipped.ran()).isFalse();
      assertThat(f.sql.count("select count(*) from ip_throttles")).isEqualTo(1);
    }
    // the holder's session ended, and with it the lock
    purge(housekeeping);
    assertThat(f.sql.count("select count(*) from ip_throttles")).isZero();
  }

  @Test
  void twoInstancesNeverPurgeAtTheSameTime() {
    Housekeeping first = new Housekeeping(services, 10);
    Housekeeping second = new Housekeeping(f.b().services(), 10);

    boolean seen = false;
    for (int attempt = 0; attempt < 5 && !seen; attempt++) {
      // the gateway's own scheduled runs may take the lock before the first one does: the first
      // then skips, and the test tries again
      Future<Run> running = startOnABacklog(first);
      if (running.isComplete()) {
        continue;
      }
      Run whileRunning = second.runOnce(now).await();
      Run firstRun = running.await();
      if (!firstRun.ran()) {
        continue;
      }
      assertThat(whileRunning.ran()).as("the second instance, while the first purges").isFalse();
      assertThat(firstRun.purged()).containsEntry("ip_throttles", 2000L);
      seen = true;
    }

    assertThat(seen).as("a run of the first instance was seen holding the lock").isTrue();
    assertThat(purge(second).ran()).isTrue();
  }

  @Test
  void aRunWhoseConnectionIsCutFailsAndTheNextOneFinishesTheWork() {
    Housekeeping housekeeping = new Housekeeping(services, 10);

    Throwable cut = null;
    for (int attempt = 0; attempt < 5 && cut == null; attempt++) {
      // the gateway's own scheduled run may hold the lock (this run then skips) or have done the
      // work: then the test tries again
      Future<Run> running = startOnABacklog(housekeeping);
      if (running.isComplete()) {
        continue;
      }
      f.sql.value("select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and granted "
          + "and (classid::bigint << 32 | objid::bigint) = ?", PurgeStore.RUN_LOCK);
      cut = catchThrowable(running::await);
    }

    assertThat(cut).as("the cut run fails").isNotNull();
    assertThat(f.sql.count("select count(*) from ip_throttles")).isPositive();
    assertThat(purge(housekeeping).ran()).isTrue();
    assertThat(f.sql.count("select count(*) from ip_throttles")).isZero();
  }

  @Test
  void aHeldLoginThatWasDeletedAnswersLikeOneThatExpired() {
    f.aliceInNudgeCampaign();
    String token = f.heldApiLogin(f.a(), ALICE);
    f.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
    HttpResponse<String> expired = f.post(f.a(), "/api/enrol/later", token, null);
    f.clock.advance(Duration.ofHours(1));

    purge(new Housekeeping(services), f.clock.instant());

    assertThat(f.sql.count("select count(*) from pending_logins")).isZero();
    HttpResponse<String> deleted = f.post(f.a(), "/api/enrol/later", token, null);
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(deleted.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(deleted.body())).isEqualTo(new JsonObject(expired.body()));
  }

  @Test
  void theGatewayRunsHousekeepingShortlyAfterItStarts() {
    ipWindow("192.0.2.1", f.clock.instant().minus(Duration.ofMinutes(11)));
    double before = purged("ip_throttles");

    await().atMost(Housekeeping.FIRST_RUN.plusSeconds(20)).pollInterval(Duration.ofMillis(200))
        .until(() -> f.sql.count("select count(*) from ip_throttles") == 0);

    assertThat(purged("ip_throttles") - before).isEqualTo(1.0);
  }

  // --- helpers

  /** Runs until it got the lock (the instance's own scheduled run may hold it a moment). */
  private Run purge(Housekeeping h) {
    return purge(h, now);
  }

  private static Run purge(Housekeeping h, Instant at) {
    Run[] run = new Run[1];
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> (run[0] = h.runOnce(at).await()).ran());
    return run[0];
  }

  /**
   * Once no run holds the lock: 2,000 expired IP windows (200 batches of 10, at least 2 s of work),
   * then a run of {@code h}, returned once it holds the lock or has ended (skipped, say).
   */
  private Future<Run> startOnABacklog(Housekeeping h) {
    await().atMost(Duration.ofSeconds(20)).until(() -> !lockHeld());
    f.sql.update("delete from ip_throttles");
    f.sql.update("insert into ip_throttles (ip, window_start) select '198.51.100.' || (i % 250), ? - i * interval '1 minute' "
        + "from generate_series(11, 2010) i", at(now));
    Future<Run> running = h.runOnce(now);
    await().atMost(Duration.ofSeconds(20)).until(() -> running.isComplete() || lockHeld());
    return running;
  }

  private boolean lockHeld() {
    return f.sql.count("select count(*) from pg_locks where locktype = 'advisory' and granted "
        + "and database = (select oid from pg_database where datname = current_database()) "
        + "and (classid::bigint << 32 | objid::bigint) = ?", PurgeStore.RUN_LOCK) > 0;
  }

  private double purged(String table) {
    return services.metrics().get("factorgate_purged_rows_total").tag("table", table).counter().count();
  }

  private Instant ago(Duration d) {
    return now.minus(d);
  }

  private static OffsetDateTime at(Instant t) {
    return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  private UUID heldLogin(Instant expiresAt, Instant consumedAt) {
    UUID id = UUID.randomUUID();
    f.sql.update("insert into pending_logins (id, token_hash, account_id, route, login_method, outcome, response, created_at, expires_at, consumed_at) "
        + "values (?, decode(md5(?), 'hex'), ?, 'sms', 'sms', 'challenge', '\\x00'::bytea, ?, ?, ?)",
        id, id.toString(), account, at(expiresAt.minus(Duration.ofMinutes(5))), at(expiresAt), at(consumedAt));
    return id;
  }

  private void session(String method, Instant expiresAt, Instant revokedAt) {
    f.sql.update("insert into gateway_sessions (token_hash, account_id, login_method, created_at, expires_at, revoked_at) "
        + "values (decode(md5(?), 'hex'), ?, ?, ?, ?, ?)", method, account, method, at(expiresAt.minus(Duration.ofHours(12))), at(expiresAt), at(revokedAt));
  }

  private UUID pendingEmailFactor(Instant expiresAt) {
    UUID id = UUID.randomUUID();
    f.sql.update("insert into factors (id, account_id, kind, status, address, created_at, expires_at) values (?, ?, 'email', 'pending', ?, ?, ?)",
        id, account, id + "@example.com", at(expiresAt.minus(Duration.ofMinutes(10))), at(expiresAt));
    return id;
  }

  private UUID emailCode(String purpose, UUID factor, UUID pending, Instant expiresAt, int attempts, Instant consumedAt) {
    UUID id = UUID.randomUUID();
    f.sql.update("insert into email_codes (id, account_id, factor_id, pending_login_id, purpose, address, code_hmac, attempts, created_at, sent_at, expires_at, consumed_at) "
        + "values (?, ?, ?, ?, ?, 'a@example.com', '\\x01'::bytea, ?, ?, ?, ?, ?)",
        id, account, factor, pending, purpose, attempts, at(expiresAt.minus(Duration.ofMinutes(10))), at(expiresAt.minus(Duration.ofMinutes(10))),
        at(expiresAt), at(consumedAt));
    return id;
  }

  private void ipWindow(String ip, Instant windowStart) {
    f.sql.update("insert into ip_throttles (ip, window_start, attempts) values (?, ?, 1)", ip, at(windowStart));
  }

  private void link(String table, String token, Instant expiresAt, Instant usedAt) {
    String extra = table.equals("enrolment_links") ? "created_by" : "change";
    f.sql.update("insert into " + table + " (token_hash, account_id, " + extra + ", created_at, expires_at, used_at) "
        + "values (convert_to(?, 'UTF8'), ?, 't', ?, ?, ?)", token, account, at(expiresAt.minus(Duration.ofDays(1))), at(expiresAt), at(usedAt));
  }

  private List<String> ids(String table) {
    return strings("select id::text from " + table);
  }

  private List<String> strings(String sql) {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(f.db.jdbcUrl(), f.db.jdbcProperties());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }
}
