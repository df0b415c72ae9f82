package dev.factorgate.admin;

import static dev.factorgate.support.GatewayFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.support.AdminApi;
import dev.factorgate.support.GatewayFixture;
import dev.factorgate.support.Http;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The admin side of the defences against number holders. */
class SignalRoutesTest {

  @Test
  void recycledListsAreImportedStreamedOrOneNumberAtATime() {
    try (GatewayFixture f = new GatewayFixture(AdminApi.yaml())) {
      AdminApi admin = new AdminApi(f.a());
      f.sql.update("insert into accounts (user_id, phone) values ('u1001', ?)", ALICE);
      f.sql.update("insert into accounts (user_id, phone, phone_verified_at) values ('u2', '+8613900139000', '2020-01-01T00:00:00Z')");
      HttpResponse<String> csv = admin.post("/api/recycled-numbers", "text/csv",
          "phone,disconnected_at\n+8613800138000,2025-03-01\nnonsense,2025-01-01\n13700137000,not-a-date\n");
      assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
      JsonObject r = new JsonObject(csv.body());
      assertThat(r.getLong("imported")).isEqualTo(1);
      assertThat(r.getLong("accounts_marked")).isEqualTo(1);
      assertThat(r.getJsonArray("rejected")).hasSize(2);
      assertThat(r.getJsonArray("rejected").getJsonObject(0).getInteger("line")).isEqualTo(3);

      HttpResponse<String> one = admin.post("/api/recycled-numbers",
          new JsonObject().put("phone", "+86 139 0013 9000").put("disconnected_at", "2025-06-01"));
      assertThat(new JsonObject(one.body()).getLong("accounts_marked")).isEqualTo(1);
      assertThat(admin.post("/api/recycled-numbers", "application/xml", "<x/>").statusCode()).isEqualTo(415);
      assertThat(admin.post("/api/recycled-numbers", new JsonObject().put("phone", 1)).statusCode()).isEqualTo(400);
      // one number is checked as a CSV line is, and a bad one is refused rather than listed
      HttpResponse<String> badDate = admin.post("/api/recycled-numbers",
          new JsonObject().put("phone", "+8613700137000").put("disconnected_at", "3025-01-01"));
      assertThat(badDate.statusCode()).isEqualTo(400);
      assertThat(new JsonObject(badDate.body()).getString("detail")).contains("disconnected_at");
      HttpResponse<String> badPhone = admin.post("/api/recycled-numbers",
          new JsonObject().put("phone", "nonsense").put("disconnected_at", "2025-01-01"));
      assertThat(badPhone.statusCode()).isEqualTo(400);
      // an offset no zone has: refused, in JSON and in a CSV line, never a 500 or a line lost unreported
      assertThat(admin.post("/api/recycled-numbers",
          new JsonObject().put("phone", "+8613700137000").put("disconnected_at", "2025-06-01T00:00+18:30")).statusCode()).isEqualTo(400);
      HttpResponse<String> oddCsv = admin.post("/api/recycled-numbers", "text/csv", "+8613700137000,2025-06-01T00:00+18:30\n");
      assertThat(new JsonObject(oddCsv.body()).getJsonArray("rejected")).hasSize(1);
      assertThat(f.sql.count("select count(*) from recycled_numbers where phone = '+8613700137000'")).isZero();
      // the JSON fields are read as a CSV line's are: spaces around them do not matter
      assertThat(admin.post("/api/recycled-numbers",
          new JsonObject().put("phone", " +8613700137000 ").put("disconnected_at", " 2025-06-01 ")).statusCode()).isEqualTo(200);
      assertThat(f.sql.count("select count(*) from recycled_numbers where phone = '+8613700137000'")).isEqualTo(1);
      assertThat(new AdminApi(f.a(), "wrong").post("/api/recycled-numbers", "text/csv", "+8613800138000,2025-03-01\n").statusCode()).isEqualTo(401);

      // the marked account's SMS-only login is refused: the number changed hands
      HttpResponse<String> login = f.smsLogin(f.a(), ALICE, true);
      assertThat(login.statusCode()).isEqualTo(403);
      assertThat(admin.getJson("/api/accounts?segment=recycled").getJsonArray("accounts")).hasSize(2);
      assertThat(f.sql.count("select count(*) from audit_log where action = 'recycled_import' and actor = 'admin:ops'")).isEqualTo(4);
    }
  }

  @Test
  void anEnrolmentLinkIsIssuedForAKnownAccountOnly() {
    try (GatewayFixture f = new GatewayFixture(AdminApi.yaml())) {
      AdminApi admin = new AdminApi(f.a());
      f.sql.update("insert into accounts (user_id, phone) values ('u1001', ?)", ALICE);
      HttpResponse<String> r = admin.post("/api/accounts/u1001/enrolment-link", (JsonObject) null);
      assertThat(r.statusCode()).isEqualTo(201);
      String url = new JsonObject(r.body()).getString("url");
      assertThat(url).contains("/_factorgate/enrolment-link/");
      assertThat(Http.get(GatewayFixture.base(f.a()) + url.substring(url.indexOf("/_factorgate"))).statusCode()).isEqualTo(200);
      assertThat(admin.post("/api/accounts/nobody/enrolment-link", (JsonObject) null).statusCode()).isEqualTo(404);
    }
  }
}
