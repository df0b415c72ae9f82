package dev.factorgate.store;

import static dev.factorgate.store.SealedColumn.FACTOR_SECRET;
import static dev.factorgate.store.SealedColumn.HELD_RESPONSE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.factorgate.audit.AuditLog;
import dev.factorgate.support.SealedSeeds;
import dev.factorgate.support.Sql;
import dev.factorgate.support.TestDatabase;
import dev.factorgate.support.TestKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Key rotation against a real PostgreSQL: keys A (old), B (new, current), C (never listed). */
class KeyRotationTest {

  private final String lineA = TestKeys.line("ka");
  private final String lineB = TestKeys.line("kb");
  private final SecureRandom random = new SecureRandom();
  private final SecretBox underA = new SecretBox(MasterKeys.parse(lineA, "test"), random);
  private final SecretBox onlyB = new SecretBox(MasterKeys.parse(lineB, "test"), random);
  private final MasterKeys rotated = MasterKeys.parse(lineB + "," + lineA, "test");
  private final DatabaseTarget db = TestDatabase.fresh();
  private final Sql sql = new Sql(db);
  private final SealedSeeds seeds = new SealedSeeds(sql);
  private final Vertx vertx = Vertx.vertx();
  private final Pool pool = PgBuilder.pool().connectingTo(db.connectOptions()).using(vertx).build();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private KeyRotation rotation() {
    return new KeyRotation(pool, rotated, new AuditLog("test"));
  }

  private KeyRotation.Result rotate(int batchSize) {
    return rotation().run(batchSize, "cli:test", n -> { }).await();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static KeyRotation.ColumnResult column(KeyRotation.Result r, SealedColumn c) {
    return r.columns().stream().filter(x -> x.column() == c).findFirst().orElseThrow();
  }

  @Test
  void everyRowEndsUnderTheCurrentKeyWithTheSamePlaintextAndStillBoundToItsRow() {
    Map<UUID, String> secrets = new LinkedHashMap<>();
    for (int i = 0; i < 7; i++) {
      secrets.put(seeds.factor(underA, bytes("secret " + i)), "secret " + i);
    }
    Map<UUID, String> held = new LinkedHashMap<>();
    for (int i = 0; i < 3; i++) {
      held.put(seeds.heldLogin(underA, bytes("HTTP/1.1 200 held " + i)), "HTTP/1.1 200 held " + i);
    }
    sql.update("insert into factors (account_id, kind, status, address) select id, 'email', 'active', 'r@example.com' from accounts");
    assertThat(rotation().remaining().await()).isEqualTo(10);

    KeyRotation.Result r = rotate(3);

    assertThat(column(r, FACTOR_SECRET)).isEqualTo(new KeyRotation.ColumnResult(FACTOR_SECRET, 7, 0, 0, 0, 0));
    assertThat(column(r, HELD_RESPONSE)).isEqualTo(new KeyRotation.ColumnResult(HELD_RESPONSE, 3, 0, 0, 0, 0));
    assertThat(r.left()).isZero();
    assertThat(r.failed()).isZero();
    // key A can be dropped now: B alone opens everything, to the same plaintext
    secrets.forEach((id, plain) -> {
      assertThat(SecretBox.keyId(seeds.stored(FACTOR_SECRET, id))).isEqualTo("kb");
      assertThat(onlyB.open(seeds.stored(FACTOR_SECRET, id), FACTOR_SECRET, id)).isEqualTo(bytes(plain));
    });
    held.forEach((id, plain) -> assertThat(onlyB.open(seeds.stored(HELD_RESPONSE, id), HELD_RESPONSE, id)).isEqualTo(bytes(plain)));
    // the binding survived: a rotated ciphertext copied to another row, or another column, does not open
    List<UUID> ids = new ArrayList<>(secrets.keySet());
    byte[] first = seeds.stored(FACTOR_SECRET, ids.get(0));
    seeds.store(FACTOR_SECRET, ids.get(1), first);
    assertThatThrownBy(() -> onlyB.open(seeds.stored(FACTOR_SECRET, ids.get(1)), FACTOR_SECRET, ids.get(1)))
        .isInstanceOf(SecretBox.SealException.class);
    assertThatThrownBy(() -> onlyB.open(first, HELD_RESPONSE, ids.get(0))).isInstanceOf(SecretBox.SealException.class);

    JsonObject audit = new JsonObject((String) sql.value(
        "select detail::text from audit_log where action = 'keys.rotate' and actor = 'cli:test' and outcome = 'ok'"));
    assertThat(audit.getString("key_id")).isEqualTo("kb");
    assertThat(audit.getJsonObject("columns").getJsonObject("factors.secret").getLong("re_encrypted")).isEqualTo(7);
    assertThat(audit.getJsonObject("columns").getJsonObject("pending_logins.response").getLong("left")).isZero();
  }

  @Test
  void aSecondRunFindsNothingToDoAndChangesNothing() {
    UUID f = seeds.factor(underA, bytes("s"));
    UUID h = seeds.heldLogin(underA, bytes("r"));
    rotate(500);
    byte[] secret = seeds.stored(FACTOR_SECRET, f);
    byte[] response = seeds.stored(HELD_RESPONSE, h);

    KeyRotation.Result again = rotate(500);

    assertThat(again.reEncrypted()).isZero();
    assertThat(again.left()).isZero();
    assertThat(seeds.stored(FACTOR_SECRET, f)).isEqualTo(secret);
    assertThat(seeds.stored(HELD_RESPONSE, h)).isEqualTo(response);
    assertThat(sql.count("select count(*) from audit_log where action = 'keys.rotate' and outcome = 'ok'")).isEqualTo(2);
  }

  @Test
  void anInterruptedRunKeepsItsCommittedBatchesAndTheNextRunFinishes() {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(seeds.factor(underA, bytes("s" + i)));
    }
    AtomicInteger batches = new AtomicInteger();
    Future<KeyRotation.Result> run = rotation().run(1, "cli:test", done -> {
      if (batches.incrementAndGet() == 2) {
        throw new IllegalStateException("interrupted");
      }
    });
    assertThatThrownBy(run::await).hasMessage("interrupted");
    assertThat(ids.stream().filter(id -> "kb".equals(SecretBox.keyId(seeds.stored(FACTOR_SECRET, id))))).hasSize(2);
    assertThat(sql.count("select count(*) from audit_log where action = 'keys.rotate' and outcome = 'interrupted' "
        + "and (detail->'columns'->'factors.secret'->>'re_encrypted')::int = 2")).isEqualTo(1);

    KeyRotation.Result resumed = rotate(1);

    assertThat(column(resumed, FACTOR_SECRET).reEncrypted()).isEqualTo(3);
    assertThat(resumed.left()).isZero();
    for (int i = 0; i < 5; i++) {
      assertThat(onlyB.open(seeds.stored(FACTOR_SECRET, ids.get(i)), FACTOR_SECRET, ids.get(i))).isEqualTo(bytes("s" + i));
    }
  }

  @Test
  void aRowAGatewayChangesWhileItsBatchRunsIsNotOverwritten() throws Exception {
    UUID first = seeds.factor(underA, bytes("one"));
    UUID changing = seeds.factor(underA, bytes("two"));
    UUID last = seeds.factor(underA, bytes("three"));
    byte[] rewritten = underA.seal(bytes("two, re-enrolled"), FACTOR_SECRET, changing);
    try (Connection gateway = DriverManager.getConnection(db.jdbcUrl(), db.jdbcProperties())) {
      // the gateway's change is written but not committed: the rotation reads the old value, then
      // its conditional UPDATE waits for this row
      gateway.setAutoCommit(false);
      try (PreparedStatement s = gateway.prepareStatement("update factors set secret = ? where id = ?")) {
        s.setBytes(1, rewritten);
        s.setObject(2, changing);
        s.executeUpdate();
      }
      Future<KeyRotation.Result> run = rotation().run(10, "cli:test", n -> { });
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (sql.count("select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'") == 0) {
        assertThat(System.nanoTime()).as("the rotation's UPDATE waits for the row lock").isLessThan(deadline);
        assertThat(run.isComplete()).as("the rotation ended without waiting").isFalse();
        Thread.sleep(20);
      }
      gateway.commit();

      KeyRotation.Result r = run.await();

      assertThat(column(r, FACTOR_SECRET).reEncrypted()).isEqualTo(2);
      assertThat(column(r, FACTOR_SECRET).changed()).isEqualTo(1);
      assertThat(column(r, FACTOR_SECRET).left()).isEqualTo(1);
    }
    assertThat(seeds.stored(FACTOR_SECRET, changing)).isEqualTo(rewritten);
    assertThat(SecretBox.keyId(seeds.stored(FACTOR_SECRET, first))).isEqualTo("kb");
    assertThat(SecretBox.keyId(seeds.stored(FACTOR_SECRET, last))).isEqualTo("kb");

    KeyRotation.Result again = rotate(10);

    assertThat(again.reEncrypted()).isEqualTo(1);
    assertThat(onlyB.open(seeds.stored(FACTOR_SECRET, changing), FACTOR_SECRET, changing)).isEqualTo(bytes("two, re-enrolled"));
  }

  @Test
  void rowsUnderAnUnknownKeyOrThatDoNotOpenAreReportedByIdAndTheOthersStillRotate() {
    SecretBox underC = new SecretBox(MasterKeys.parse(TestKeys.line("kc"), "test"), random);
    UUID before = seeds.factor(underA, bytes("before"));
    UUID lost = seeds.factor(underC, bytes("lost"));
    UUID tampered = seeds.heldLogin(underA, bytes("response"));
    byte[] altered = seeds.stored(HELD_RESPONSE, tampered);
    altered[altered.length - 1] ^= 1;
    seeds.store(HELD_RESPONSE, tampered, altered);
    UUID after = seeds.heldLogin(underA, bytes("after"));
    byte[] lostValue = seeds.stored(FACTOR_SECRET, lost);

    KeyRotation.Result r = rotate(1);

    assertThat(column(r, FACTOR_SECRET)).isEqualTo(new KeyRotation.ColumnResult(FACTOR_SECRET, 1, 0, 1, 0, 1));
    assertThat(column(r, HELD_RESPONSE)).isEqualTo(new KeyRotation.ColumnResult(HELD_RESPONSE, 1, 0, 0, 1, 1));
    assertThat(r.unknownKeyIds()).containsExactly("kc");
    assertThat(r.failures()).containsExactly(
        new KeyRotation.Failure(FACTOR_SECRET, lost, "kc"), new KeyRotation.Failure(HELD_RESPONSE, tampered, null));
    assertThat(r.failures().get(0).reason()).contains("kc").contains("not in the master keys");
    assertThat(seeds.stored(FACTOR_SECRET, lost)).isEqualTo(lostValue);
    assertThat(onlyB.open(seeds.stored(FACTOR_SECRET, before), FACTOR_SECRET, before)).isEqualTo(bytes("before"));
    assertThat(onlyB.open(seeds.stored(HELD_RESPONSE, after), HELD_RESPONSE, after)).isEqualTo(bytes("after"));
    assertThat(sql.value("select detail->>'unknown_key_ids' from audit_log where action = 'keys.rotate' and outcome = 'incomplete'"))
        .isEqualTo("[\"kc\"]");
  }

  @Test
  void aPageStopsAtTheByteBudgetButAlwaysTakesOneRow() {
    byte[] big = new byte[2000];
    UUID[] ids = {seeds.heldLogin(underA, big), seeds.heldLogin(underA, big), seeds.heldLogin(underA, big)};
    Arrays.sort(ids, Comparator.comparing(UUID::toString)); // PostgreSQL's uuid order
    SealedRows rows = new SealedRows(HELD_RESPONSE);
    byte[] current = SecretBox.prefix("kb");

    assertThat(rows.page(pool, current, null, 10, 100).await()).extracting(SealedRows.Sealed::id).containsExactly(ids[0]);
    assertThat(rows.page(pool, current, null, 10, 4100).await()).extracting(SealedRows.Sealed::id).containsExactly(ids[0], ids[1], ids[2]);
    assertThat(rows.page(pool, current, ids[0], 1, 1 << 20).await()).extracting(SealedRows.Sealed::id).containsExactly(ids[1]);
    // rows already under the current key are not even read
    assertThat(rows.page(pool, SecretBox.prefix("ka"), null, 10, 1 << 20).await()).isEmpty();
    assertThat(rows.countNotUnder(pool, SecretBox.prefix("k")).await()).isEqualTo(3);
  }
}
