package dev.factorgate.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.support.AdminApi;
import dev.factorgate.support.GatewayFixture;
import dev.factorgate.support.Http;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same battery against every admin endpoint of SPEC section 7, with and without a token. */
class AdminMalformedInputTest {

  private static GatewayFixture f;

  @BeforeAll
  static void start() {
    f = new GatewayFixture(AdminApi.yaml());
    f.sql.update("insert into accounts (user_id, phone) values ('u1', '+8613800138000')");
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  private static final String[][] ENDPOINTS = {
    {"POST", "/api/accounts/import"}, {"GET", "/api/accounts?segment=nonsense&after=%00&limit=-5"},
    {"GET", "/api/accounts?limit=99999999999999999999"}, {"GET", "/api/accounts/u1"}, {"GET", "/api/accounts/%27%20or%201%3D1"},
    {"POST", "/api/accounts/u1/reset"}, {"POST", "/api/accounts/nobody/reset"}, {"POST", "/api/accounts/u1/unlock"},
    {"POST", "/api/accounts/u1/enrolment-link"}, {"POST", "/api/recycled-numbers"}, {"POST", "/api/campaigns"},
    {"GET", "/api/campaigns"}, {"GET", "/api/campaigns/abc"}, {"GET", "/api/campaigns/99999999999999999999"},
    {"POST", "/api/campaigns/1/pause"}, {"POST", "/api/campaigns/-1/resume"}, {"POST", "/api/campaigns/x/cancel"},
    {"POST", "/api/campaigns/1/exempt"}, {"POST", "/api/campaigns/x/exempt"},
    {"GET", "/api/audit?user_id=%00&limit=abc"}, {"GET", "/"}, {"GET", "/metrics"}, {"GET", "/ready"}
  };

  private static final List<String[]> BODIES = List.of(
      new String[] {"application/json", ""}, new String[] {"application/json", "{"}, new String[] {"application/json", "[1,2]"},
      new String[] {"application/json", "{\"reason\":123,\"name\":[],\"mode\":{},\"audience\":\"all\"}"},
      new String[] {"application/json", "{\"name\":\"x\\u0000\",\"mode\":\"require\",\"snooze_limit\":-1,\"enforce_after\":\"yesterday\"}"},
      new String[] {"application/json", "{\"name\":\"'; drop table accounts; --\",\"mode\":\"nudge\",\"audience\":{\"phone_prefixes\":[\"../..\"]}}"},
      new String[] {"text/csv", "user_id,phone\n\"unterminated,+86138\n\u0000,\u00ff\n"},
      new String[] {"application/x-ndjson", "{\"user_id\":1}\nnot json\n{}\n"},
      new String[] {"text/plain", "hello"},
      new String[] {"application/octet-stream", "\u0000\u0001\u0002"});

  @Test
  void aNulByteInAnIdIsAClear400NotADatabaseError() {
    AdminApi admin = new AdminApi(f.a());
    HttpResponse<String> link = admin.post("/api/accounts/%00u1/enrolment-link", new io.vertx.core.json.JsonObject());
    assertThat(link.statusCode()).as(link.body()).isEqualTo(400);
    assertThat(link.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    HttpResponse<String> campaign = admin.post("/api/campaigns", new io.vertx.core.json.JsonObject().put("name", "nul ids").put("mode", "nudge")
        .put("audience", new io.vertx.core.json.JsonObject().put("user_ids", new io.vertx.core.json.JsonArray().add("u\u0000 1"))));
    assertThat(campaign.statusCode()).as(campaign.body()).isEqualTo(400);
  }

  @Test
  void everyAdminAnswerIsBelow500AndJsonErrorsAreProblems() {
    for (String token : new String[] {AdminApi.TOKEN, null, "forged"}) {
      AdminApi admin = new AdminApi(f.a(), token);
      for (String[] e : ENDPOINTS) {
        for (String[] body : BODIES) {
          HttpRequest.Builder r = admin.request(e[1]).header("Content-Type", body[0]);
          r.method(e[0], e[0].equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body[1]));
          HttpResponse<String> resp = Http.send(r.build());
          String what = e[0] + " " + e[1] + " " + body[0] + " token=" + (token == null ? "none" : token.substring(0, 4));
          assertThat(resp.statusCode()).as(what + " -> " + resp.body()).isLessThan(500);
          if (e[1].startsWith("/api/") && resp.statusCode() >= 400) {
            assertThat(resp.headers().firstValue("Content-Type").orElse("")).as(what).isEqualTo("application/problem+json");
          }
          if (!AdminApi.TOKEN.equals(token) && e[1].startsWith("/api/")) {
            assertThat(resp.statusCode()).as(what).isEqualTo(401);
          }
        }
      }
    }
    assertThat(Http.get("http://127.0.0.1:" + f.a().adminPort() + "/ready").statusCode()).isEqualTo(200);
    assertThat(f.sql.count("select count(*) from accounts where user_id = 'u1'")).isEqualTo(1);
  }
}
