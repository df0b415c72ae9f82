package dev.factorgate.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.audit.AuditLog;
import dev.factorgate.cli.FactorgateCommand;
import dev.factorgate.store.DatabaseTarget;
import dev.factorgate.support.GatewayFixture;
import dev.factorgate.support.Sql;
import dev.factorgate.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecycledNumberImportTest {

  private static RecycledNumberImport.Result importFile(DatabaseTarget db, Path file) throws java.io.IOException {
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = PgBuilder.pool().connectingTo(db.connectOptions()).using(vertx).build();
      RecycledNumberImport importer = new RecycledNumberImport(pool, new PhoneNumbers("CN", List.of()), new AuditLog("test"));
      long[] progress = new long[2];
      RecycledNumberImport.Result r = importer.run(vertx.fileSystem().open(file.toString(), new OpenOptions()).await(), "admin:test", "127.0.0.1",
          (bytes, lines) -> {
            progress[0] = bytes;
            progress[1] = lines;
          }).await();
      // the progress bar ends at the whole file: every byte and line read
      assertThat(progress[1]).isEqualTo(r.lines());
      assertThat(progress[0]).isBetween(java.nio.file.Files.size(file), java.nio.file.Files.size(file) + 1);
      return r;
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void marksAccountsVerifiedBeforeTheDisconnectionAndReportsBadLines(@TempDir Path dir) throws Exception {
    DatabaseTarget db = TestDatabase.fresh();
    Sql sql = new Sql(db);
    sql.update("insert into accounts (user_id, phone, phone_verified_at) values ('old', '+8613800138000', '2024-01-01T00:00:00Z')");
    sql.update("insert into accounts (user_id, phone, phone_verified_at) values ('new', '+8613900139000', '2026-01-01T00:00:00Z')");
    sql.update("insert into accounts (user_id, phone) values ('unknown', '+14155550123')");
    sql.update("insert into accounts (user_id, phone, phone_verified_at) values ('other', '+8613700137000', '2020-01-01T00:00:00Z')");
    Path csv = dir.resolve("list.csv");
    Files.writeString(csv, String.join("\n",
        "phone,disconnected_at",
        "+8613800138000,2025-03-01",
        "139 0013 9000,2025-06-01T00:00:00Z",
        "\"+1 415 555 0123\",2025-01-15",
        "not-a-number,2025-01-01",
        "+8613800138000,yesterday",
        "+8613800138000",
        "",
        "+8613800138000,0001-01-01",
        "+8613800138000,+100000-01-01",
        "+8613600136000,2025-02-02T10:00:00+08:00") + "\n");
    RecycledNumberImport.Result r = importFile(db, csv);
    assertThat(r.imported()).isEqualTo(4);
    assertThat(r.accountsMarked()).isEqualTo(2);
    assertThat(r.rejected()).extracting(RecycledNumberImport.Rejected::line).containsExactly(5L, 6L, 7L, 9L, 10L);
    assertThat(r.rejected().get(0).error()).contains("phone");
    assertThat(sql.value("select phone_recycled_at is not null from accounts where user_id = 'old'")).isEqualTo(true);
    assertThat(sql.value("select phone_recycled_at is not null from accounts where user_id = 'new'")).isEqualTo(false);
    assertThat(sql.value("select phone_recycled_at is not null from accounts where user_id = 'unknown'")).isEqualTo(true);
    assertThat(sql.value("select phone_recycled_at is not null from accounts where user_id = 'other'")).isEqualTo(false);
    assertThat(sql.count("select count(*) from audit_log where action = 'recycled_import'")).isEqualTo(1);
    // importing the same list again changes nothing
    RecycledNumberImport.Result again = importFile(db, csv);
    assertThat(again.imported()).isZero();
    assertThat(again.accountsMarked()).isZero();
    assertThat(new JsonObject(r.toJson().encode()).getInteger("accounts_marked")).isEqualTo(2);
  }

  @Test
  void aNumberAlreadyListedIsRefusedAtTheFirstSmsLoginThroughTheGateway() {
    try (GatewayFixture f = new GatewayFixture()) {
      f.sql.update("insert into recycled_numbers (phone, disconnected_at, source) values (?, now() - interval '30 days', 'test')", GatewayFixture.ALICE);
      var r = f.smsLogin(f.a(), GatewayFixture.ALICE, true);
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(new JsonObject(r.body()).getString("type")).isEqualTo("number-changed-hands");
    }
  }

  @Test
  void theCommandLineImportsAFile(@TempDir Path dir) throws Exception {
    DatabaseTarget db = TestDatabase.fresh();
    new Sql(db).update("insert into accounts (user_id, phone) values ('u', '+8613800138000')");
    Path csv = dir.resolve("list.csv");
    Files.writeString(csv, "+8613800138000,2025-03-01\n");
    Path conf = dir.resolve("fg.yaml");
    Files.writeString(conf, "database: { url: 'postgresql://" + db.user() + "@" + db.host() + ":" + db.port() + "/" + db.database() + "' }\n");
    assertThat(FactorgateCommand.run("recycled", "import", csv.toString(), "--config", conf.toString())).isZero();
    assertThat(new Sql(db).value("select phone_recycled_at is not null from accounts")).isEqualTo(true);
  }
}
