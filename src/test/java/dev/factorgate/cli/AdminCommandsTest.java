package dev.factorgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.admin.AdminTokens;
import dev.factorgate.store.DatabaseTarget;
import dev.factorgate.store.MasterKeys;
import dev.factorgate.store.SealedColumn;
import dev.factorgate.store.SecretBox;
import dev.factorgate.support.SealedSeeds;
import dev.factorgate.support.Sql;
import dev.factorgate.support.TestDatabase;
import dev.factorgate.support.TestKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
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

  @Test
  void keysRotateReEncryptsUnderTheFirstKeyListsWhatItCannotAndAudits() throws Exception {
    String a = TestKeys.line("ka");
    String b = TestKeys.line("kb");
    SecretBox underA = new SecretBox(MasterKeys.parse(a, "test"), new SecureRandom());
    SealedSeeds seeds = new SealedSeeds(sql);
    UUID factor = seeds.factor(underA, "secret".getBytes(StandardCharsets.UTF_8));
    seeds.factor(underA, "another".getBytes(StandardCharsets.UTF_8));
    seeds.heldLogin(underA, "HTTP/1.1 302".getBytes(StandardCharsets.UTF_8));
    Path keys = dir.resolve("master.keys");
    Files.writeString(keys, "# the new key first\n" + b + "\n" + a + "\n");
    Files.writeString(config, Files.readString(config) + "secrets: { master_keys_file: '" + keys + "' }\n");

    assertThat(run("keys", "rotate", "--batch-size", "1", "--config", config.toString())).isZero();
    assertThat(out()).contains("current key kb, batches of 1")
        .containsPattern("factors\\.secret +2 re-encrypted, 0 skipped \\(changed meanwhile\\), 0 unknown key, 0 unreadable; 0 left")
        .containsPattern("pending_logins\\.response +1 re-encrypted")
        .contains("3 re-encrypted, 0 not re-encryptable, 0 left under older keys");
    assertThat(SecretBox.keyId(seeds.stored(SealedColumn.FACTOR_SECRET, factor))).isEqualTo("kb");
    assertThat(sql.value("select actor from audit_log where action = 'keys.rotate' and outcome = 'ok'")).asString().startsWith("cli:");

    assertThat(run("keys", "rotate", "--config", config.toString())).isZero();
    assertThat(out()).contains("0 re-encrypted, 0 not re-encryptable, 0 left");

    UUID lost = seeds.factor(new SecretBox(MasterKeys.parse(TestKeys.line("kc"), "test"), new SecureRandom()), "x".getBytes(StandardCharsets.UTF_8));
    UUID late = seeds.factor(underA, "late".getBytes(StandardCharsets.UTF_8));
    byte[] lostValue = seeds.stored(SealedColumn.FACTOR_SECRET, lost);
    assertThat(run("keys", "rotate", "--config", config.toString())).isEqualTo(KeysCommand.EXIT_LEFT);
    assertThat(out()).contains("factors.secret " + lost + ": sealed under key id kc, which is not in the master keys")
        .contains("unknown key ids: kc")
        .contains("1 re-encrypted, 1 not re-encryptable, 1 left under older keys")
        .doesNotContain(Base64.getEncoder().encodeToString(lostValue)).doesNotContain(HexFormat.of().formatHex(lostValue));
    assertThat(SecretBox.keyId(seeds.stored(SealedColumn.FACTOR_SECRET, late))).isEqualTo("kb");
    assertThat(sql.count("select count(*) from audit_log where action = 'keys.rotate' and outcome = 'incomplete'")).isEqualTo(1);

    assertThat(run("keys", "rotate", "--batch-size", "0", "--config", config.toString())).isEqualTo(2);
  }
}
