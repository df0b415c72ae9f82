package dev.factorgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.admin.AdminTokens;
import dev.factorgate.store.DatabaseTarget;
import dev.factorgate.support.Sql;
import dev.factorgate.support.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin commands against a real database, through the same services as the admin API. */
class AdminCommandsTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream savedOut;
  private PrintStream savedErr;
  private DatabaseTarget db;
  private Sql sql;
  private Path config;

  @TempDir Path dir;

  @BeforeEach
  void setUp() throws Exception {
    savedOut = System.out;
    savedErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    db = TestDatabase.fresh();
    sql = new Sql(db);
    config = dir.resolve("factorgate.yaml");
    String url = "postgresql://" + db.user() + "@" + db.host() + ":" + db.port() + "/" + db.database();
    Files.writeString(config, "database: { url: '" + url + "' }\nupstream: { identity: { default_region: CN } }\n");
  }

  @AfterEach
  void restore() {
    System.setOut(savedOut);
    System.setErr(savedErr);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    return FactorgateCommand.run(args);
  }

  @Test
  void adminTokenCreatePrintsAStrongTokenAndItsConfigurationLine() {
    assertThat(run("admin-token", "create", "ops")).isZero();
    Matcher token = Pattern.compile("(?m)^  ([A-Za-z0-9_-]{43})$").matcher(out());
    assertThat(token.find()).isTrue();
    assertThat(out()).contains("{ name: ops, sha256: " + AdminTokens.sha256Hex(token.group(1)) + " }");
    assertThat(run("admin-token", "create", "bad name")).isEqualTo(2);
  }

  @Test
  void accountsImportReadsAFileAndSummarises() throws Exception {
    Path csv = dir.resolve("accounts.csv");
    Files.writeString(csv, "user_id,phone,email\nk1,13800138000,k1@example.com\nk2,not a phone,\nk3,+8613900139000,\n");
    assertThat(run("accounts", "import", csv.toString(), "--config", config.toString())).isEqualTo(AccountsCommand.EXIT_REJECTED);
    assertThat(out()).contains("accounts.csv: 2 inserted, 0 updated, 0 unchanged, 1 rejected").contains("line 3: phone");
    assertThat(sql.value("select phone from accounts where user_id = 'k1'")).isEqualTo("+8613800138000");
    assertThat(sql.value("select actor from audit_log where action = 'accounts.import'")).asString().startsWith("cli:");

    Path ndjson = dir.resolve("more.ndjson");
    Files.writeString(ndjson, "{\"user_id\":\"k4\"}\n");
    assertThat(run("accounts", "import", ndjson.toString(), "--config", config.toString())).isZero();
    assertThat(out()).contains("1 inserted");

    Path empty = dir.resolve("empty.csv");
    Files.writeString(empty, "");
    assertThat(run("accounts", "import", empty.toString(), "--config", config.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no lines");
  }

  @Test
  void aCampaignIsCreatedListedShownAndSteered() throws Exception {
    sql.update("insert into accounts (user_id, phone) select 'm' || i, '+86170' || (10000000 + i) from generate_series(1, 5) i");
    Path ids = dir.resolve("ids.txt");
    Files.writeString(ids, "m1\nm2\n\nm9\n");
    assertThat(run("campaign", "create", "--name", "cli spring", "--mode", "nudge", "--snooze-limit", "2",
        "--user-ids", ids.toString(), "--config", config.toString())).isZero();
    assertThat(out()).contains("\"cli spring\" created: 2 account(s) targeted");
    long id = sql.count("select id from campaigns where name = 'cli spring'");

    assertThat(run("campaign", "create", "--name", "cli spring", "--mode", "nudge", "--config", config.toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("exists already");
    assertThat(run("campaign", "create", "--name", "x", "--mode", "shout", "--config", config.toString())).isEqualTo(2);

    assertThat(run("campaign", "list", "--config", config.toString())).isZero();
    assertThat(out()).contains("cli spring").contains("nudge").contains("active");
    assertThat(run("campaign", "stats", String.valueOf(id), "--config", config.toString())).isZero();
    assertThat(out()).contains("targeted").contains("2 targeted");
    assertThat(run("campaign", "stats", String.valueOf(id), "--json", "--config", config.toString())).isZero();
    assertThat(new io.vertx.core.json.JsonObject(out()).getJsonObject("states").getLong("targeted")).isEqualTo(2);

    assertThat(run("campaign", "pause", String.valueOf(id), "--config", config.toString())).isZero();
    assertThat(out()).contains("is paused");
    assertThat(run("campaign", "cancel", String.valueOf(id), "--config", config.toString())).isZero();
    assertThat(run("campaign", "resume", String.valueOf(id), "--config", config.toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("cancelled");
    assertThat(run("campaign", "stats", "999", "--config", config.toString())).isEqualTo(1);
    assertThat(sql.count("select count(*) from audit_log where actor like 'cli:%' and action like 'campaign.%'")).isEqualTo(3);
  }
}
