package dev.factorgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.Gateway;
import dev.factorgate.support.AdminApi;
import dev.factorgate.support.AdminGateway;
import dev.factorgate.support.Http;
import dev.factorgate.support.Sql;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /api/accounts/import}: streamed CSV and NDJSON into a real PostgreSQL. */
class AccountImportTest {

  private AdminGateway fixture;
  private Sql sql;
  private Gateway gateway;
  private AdminApi admin;

  @BeforeEach
  void start() {
    fixture = new AdminGateway("policy: { virtual_number_prefixes: ['+86170'] }\n");
    sql = fixture.sql;
    gateway = fixture.gateway;
    admin = fixture.admin;
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private JsonObject importOk(String contentType, String body) {
    HttpResponse<String> r = admin.post("/api/accounts/import", contentType, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    return new JsonObject(r.body());
  }

  private static JsonObject rejection(JsonArray rejected, int i) {
    return rejected.getJsonObject(i);
  }

  @Test
  void aCsvFileIsImportedAndItsBadLinesAreReportedWithTheirNumbers() {
    String csv = """
        user_id,phone,email,phone_verified_at,last_login_at
        u1,+86 138 0013 8000,alice@example.com,2024-03-01T08:00:00Z,2025-06-01T09:30:00+08:00
        u2,13900139000,,2024-03-01,
        u3,12345,bob@example.com,,
        u4,+8613700137000,not-an-address,,
        u5,+8613600136000,,yesterday,
        u6,+8617000170000,carol@example.com,,2025-06-01T09:30:00
        ,+8613500135000,,,
        u8,+8613400134000
        u9,+8613300133000,dave@example.com,,
        """;
    JsonObject r = importOk("text/csv; charset=utf-8", csv);
    assertThat(r.getLong("inserted")).isEqualTo(3);
    assertThat(r.getLong("updated")).isZero();
    assertThat(r.getLong("rejected_total")).isEqualTo(6);
    JsonArray rejected = r.getJsonArray("rejected");
    assertThat(rejected.stream().map(o -> ((JsonObject) o).getLong("line"))).containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(rejection(rejected, 0).getString("error")).contains("phone");
    assertThat(rejection(rejected, 1).getString("error")).contains("email");
    assertThat(rejection(rejected, 2).getString("error")).contains("phone_verified_at");
    assertThat(rejection(rejected, 3).getString("error")).contains("last_login_at").contains("time zone");
    assertThat(rejection(rejected, 4).getString("error")).contains("user_id");
    assertThat(rejection(rejected, 5).getString("error")).contains("expected 5 fields");

    assertThat(sql.value("select phone from accounts where user_id = 'u1'")).isEqualTo("+8613800138000");
    assertThat(sql.value("select phone from accounts where user_id = 'u2'")).isEqualTo("+8613900139000");
    assertThat(sql.value("select email from accounts where user_id = 'u2'")).isNull();
    assertThat(sql.value("select to_char(phone_verified_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') from accounts where user_id = 'u2'"))
        .isEqualTo("2024-03-01 00:00");
    assertThat(sql.value("select to_char(last_login_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') from accounts where user_id = 'u1'"))
        .isEqualTo("2025-06-01 01:30");
    assertThat(sql.value("select login_policy from accounts where user_id = 'u9'")).isEqualTo("sms_only");
    assertThat(sql.count("select count(*) from audit_log where action = 'accounts.import' and actor = 'admin:ops'")).isEqualTo(1);
  }

  @Test
  void ndjsonLinesAreImportedTheSameWay() {
    String ndjson = """
        {"user_id":"n1","phone":"+8613800138000","email":"n1@example.com","phone_verified_at":"2024-01-01T00:00:00Z","last_login_at":null}
        {"user_id":42,"phone":null}

        {"user_id":"n3","phone":"+86 170 0017 0000"}
        {"user_id":"n4","phone":13800138000}
        {"user_id":"n5","colour":"blue"}
        ["n6"]
        {"user_id":"n7",
        {"user_id":"n8","email":"n8@example.com"}
        """;
    JsonObject r = importOk("application/x-ndjson", ndjson);
    assertThat(r.getLong("inserted")).isEqualTo(4);
    JsonArray rejected = r.getJsonArray("rejected");
    assertThat(rejected.stream().map(o -> ((JsonObject) o).getLong("line"))).containsExactly(5L, 6L, 7L, 8L);
    assertThat(rejection(rejected, 0).getString("error")).isEqualTo("phone must be a string");
    assertThat(rejection(rejected, 1).getString("error")).contains("unknown field 'colour'");
    assertThat(rejection(rejected, 2).getString("error")).isEqualTo("not a JSON object");
    assertThat(rejection(rejected, 3).getString("error")).isEqualTo("not valid JSON");
    assertThat(sql.count("select count(*) from accounts where user_id in ('n1', '42', 'n3', 'n8')")).isEqualTo(4);
    assertThat(sql.value("select phone_virtual from accounts where user_id = 'n3'")).isEqualTo(true);
    assertThat(sql.value("select phone_virtual from accounts where user_id = 'n1'")).isEqualTo(false);
  }

  @Test
  void aRepeatedUserIdKeepsTheFirstLineAndRejectsTheLaterOnes() {
    String csv = "user_id,email\nd1,first@example.com\nd2,x@example.com\nd1,second@example.com\nd1,third@example.com\n";
    JsonObject r = importOk("text/csv", csv);
    assertThat(r.getLong("inserted")).isEqualTo(2);
    assertThat(r.getLong("rejected_total")).isEqualTo(2);
    JsonArray rejected = r.getJsonArray("rejected");
    assertThat(rejection(rejected, 0).getLong("line")).isEqualTo(4);
    assertThat(rejection(rejected, 0).getString("error")).isEqualTo("duplicate user_id: already on line 2");
    assertThat(rejection(rejected, 1).getLong("line")).isEqualTo(5);
    assertThat(sql.value("select email from accounts where user_id = 'd1'")).isEqualTo("first@example.com");
  }

  @Test
  void brokenQuotingRejectsOnlyItsLineAndQuotedFieldsWork() {
    String csv = "user_id,email,phone\n"
        + "\"q1\",\"q1@example.com\",\"+86 138 0013 8000\"\n"
        + "\"q2,q2@example.com,\n"
        + "q3,\"q3@example.com\"x,\n"
        + "q\"4,q4@example.com,\n"
        + "\"q\"\"5\",q5@example.com,\n";
    JsonObject r = importOk("text/csv", csv);
    assertThat(r.getLong("inserted")).isEqualTo(2);
    JsonArray rejected = r.getJsonArray("rejected");
    assertThat(rejected.stream().map(o -> ((JsonObject) o).getLong("line"))).containsExactly(3L, 4L, 5L);
    assertThat(rejected.stream().map(o -> ((JsonObject) o).getString("error"))).allMatch(e -> e.startsWith("broken CSV quoting"));
    assertThat(sql.count("select count(*) from accounts where user_id = 'q\"5'")).isEqualTo(1);
  }

  @Test
  void aSecondImportUpdatesWhatChangedAndKeepsWhatTheFileLeavesEmpty() {
    importOk("text/csv", "user_id,phone,email\nr1,+8613800138000,old@example.com\nr2,+8613900139000,r2@example.com\n");
    sql.update("update accounts set phone_recycled_at = now(), phone_verified_at = now() - interval '3 years' where user_id = 'r1'");
    JsonObject r = importOk("text/csv", "user_id,phone,email\nr1,+8613700137000,\nr2,+8613900139000,r2@example.com\nr3,,\n");
    assertThat(r.getLong("inserted")).isEqualTo(1);
    assertThat(r.getLong("updated")).isEqualTo(1);
    assertThat(r.getLong("unchanged")).isEqualTo(1);
    assertThat(sql.value("select email from accounts where user_id = 'r1'")).isEqualTo("old@example.com");
    assertThat(sql.value("select phone from accounts where user_id = 'r1'")).isEqualTo("+8613700137000");
    // a new number: the old number's recycled mark no longer applies, and it counts as verified now
    assertThat(sql.value("select phone_recycled_at from accounts where user_id = 'r1'")).isNull();
    assertThat(sql.count("select count(*) from accounts where user_id = 'r1' and phone_verified_at > now() - interval '1 minute'")).isEqualTo(1);
  }

  @Test
  void aWrongContentTypeIs415AndImportsNothing() {
    for (String type : new String[] {"application/json", "text/plain", null}) {
      HttpResponse<String> r = admin.post("/api/accounts/import", type, "user_id\nu1\n");
      assertThat(r.statusCode()).as(String.valueOf(type)).isEqualTo(415);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(new JsonObject(r.body()).getInteger("status")).isEqualTo(415);
    }
    assertThat(sql.count("select count(*) from accounts")).isZero();
  }

  @Test
  void anEmptyBodyOrAnUnusableHeaderIs400AndImportsNothing() {
    for (String[] c : new String[][] {
        {"text/csv", ""}, {"application/x-ndjson", ""}, {"text/csv", "\n\n"},
        {"text/csv", "u1,+8613800138000\n"}, {"text/csv", "phone,email\n+8613800138000,a@example.com\n"},
        {"text/csv", "user_id,user_id\nu1,u1\n"}, {"text/csv", "user_id,\"phone\n"}}) {
      HttpResponse<String> r = admin.post("/api/accounts/import", c[0], c[1]);
      assertThat(r.statusCode()).as(c[1]).isEqualTo(400);
      JsonObject p = new JsonObject(r.body());
      assertThat(p.getString("type")).isIn("empty-import", "import-refused");
      assertThat(p.getString("detail")).isNotBlank();
    }
    assertThat(sql.count("select count(*) from accounts")).isZero();
    assertThat(sql.count("select count(*) from audit_log")).isZero();
  }

  @Test
  void aLargeFileIsStreamedWithBackPressureAndTheRejectedListIsCapped() {
    int n = 60_000;
    // every tenth line is bad: 6,000 rejections, of which 1,000 are listed
    Supplier<InputStream> body = () -> new GeneratedCsv(n);
    HttpRequest request = admin.request("/api/accounts/import")
        .header("Content-Type", "text/csv")
        .POST(HttpRequest.BodyPublishers.ofInputStream(body))
        .build();
    HttpResponse<String> r = Http.send(request);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject result = new JsonObject(r.body());
    assertThat(result.getLong("inserted")).isEqualTo(n - n / 10);
    assertThat(result.getLong("rejected_total")).isEqualTo(n / 10);
    assertThat(result.getJsonArray("rejected")).hasSize(1000);
    assertThat(rejection(result.getJsonArray("rejected"), 0).getLong("line")).isEqualTo(11);
    assertThat(sql.count("select count(*) from accounts")).isEqualTo(n - n / 10);
  }

  @Test
  void anUploadThatBreaksOffImportsNothing() throws Exception {
    HttpRequest request = admin.request("/api/accounts/import")
        .header("Content-Type", "text/csv")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.SequenceInputStream(new GeneratedCsv(30_000), new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("the client gave up");
          }
        })))
        .build();
    try {
      Http.send(request);
    } catch (RuntimeException expected) {
      // the client's own upload failed; what matters is what the server kept
    }
    // the server noticed: its COPY was abandoned and rolled back, not left waiting for more data
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> sql.count(
        "select count(*) from pg_stat_activity where datname = current_database() and query ilike 'copy import_staging%'") == 0);
    assertThat(sql.count("select count(*) from accounts")).isZero();
    assertThat(sql.count("select count(*) from audit_log")).isZero();
    // and the listener still works
    assertThat(importOk("text/csv", "user_id\nafter\n").getLong("inserted")).isEqualTo(1);
  }

  /** A CSV file written as it is read, so the test holds no more of it in memory than the server should. */
  private static final class GeneratedCsv extends InputStream {
    private final int rows;
    private int next;
    private byte[] current = "user_id,phone,email,phone_verified_at,last_login_at\n".getBytes(StandardCharsets.UTF_8);
    private int pos;

    GeneratedCsv(int rows) {
      this.rows = rows;
    }

    @Override
    public int read() throws IOException {
      if (pos == current.length) {
        if (next == rows) {
          return -1;
        }
        int i = next++;
        String phone = i % 10 == 9 ? "12345" : "+86138" + (10_000_000 + i);
        current = ("user" + i + "," + phone + ",user" + i + "@example.com,2024-01-01T00:00:00Z,2025-01-01T00:00:00Z\n")
            .getBytes(StandardCharsets.UTF_8);
        pos = 0;
      }
      return current[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = 0;
      while (n < len) {
        int c = read();
        if (c < 0) {
          return n == 0 ? -1 : n;
        }
        b[off + n++] = (byte) c;
      }
      return n;
    }
  }

  @Test
  void theSameImportRunsFromAStreamWithoutHttp() throws Exception {
    var importer = new dev.factorgate.account.AccountImport(fixture.db,
        new dev.factorgate.account.PhoneNumbers("CN", java.util.List.of()), new dev.factorgate.audit.AuditLog("test"));
    var result = importer.run(new ByteArrayInputStream("user_id,phone\ns1,13800138000\n".getBytes(StandardCharsets.UTF_8)),
        dev.factorgate.account.ImportFormat.CSV, "cli:test", null, dev.factorgate.account.AccountImport.Progress.NONE);
    assertThat(result.inserted()).isEqualTo(1);
    assertThat(sql.count("select count(*) from audit_log where actor = 'cli:test'")).isEqualTo(1);
  }
}
