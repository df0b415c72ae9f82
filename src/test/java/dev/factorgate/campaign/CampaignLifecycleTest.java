package dev.factorgate.campaign;

import static dev.factorgate.support.Forms.form;
import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.Gateway;
import dev.factorgate.store.DatabaseTarget;
import dev.factorgate.support.AdminApi;
import dev.factorgate.support.DemoSite;
import dev.factorgate.support.Http;
import dev.factorgate.support.MutableClock;
import dev.factorgate.support.Sql;
import dev.factorgate.support.TestConfig;
import dev.factorgate.support.TestDatabase;
import dev.factorgate.support.TestKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A campaign's whole life with the real demo site behind the real gateway: import, create, a member
 * is nudged at login, snoozes, is then required to enrol, enrols, and the figures follow.
 */
class CampaignLifecycleTest {

  static final String ALICE = "+8613800138000";
  static final String BOB = "+8613900139000";

  private DemoSite demo;
  private DatabaseTarget db;
  private Sql sql;
  private Gateway gateway;
  private AdminApi admin;

  @BeforeEach
  void start() {
    demo = new DemoSite();
    db = TestDatabase.fresh();
    sql = new Sql(db);
    gateway = Gateway.start(TestConfig.parse(TestConfig.yaml(demo.port()) + AdminApi.yaml()), db, TestKeys.keys(), MutableClock.systemNow()).await();
    admin = new AdminApi(gateway);
    HttpResponse<String> imported = admin.post("/api/accounts/import", "text/csv",
        "user_id,phone,email\nu1001," + ALICE + ",alice@example.com\nu1002," + BOB + ",\n");
    assertThat(new JsonObject(imported.body()).getLong("inserted")).isEqualTo(2);
  }

  @AfterEach
  void stop() {
    gateway.close();
    demo.close();
  }

  private JsonObject smsLogin(String phone) {
    String base = "http://127.0.0.1:" + gateway.publicPort();
    Http.send(Http.request(base + "/login/sms/send").header("Content-Type", "application/x-www-form-urlencoded").POST(form("phone", phone)).build());
    HttpResponse<String> r = Http.send(Http.request(base + "/login/sms")
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("phone", phone).put("code", demo.lastCode(phone)).encode()))
        .build());
    JsonObject body = new JsonObject(r.body());
    return body.put("_status", r.statusCode());
  }

  private HttpResponse<String> later(String pendingToken) {
    return Http.send(Http.request("http://127.0.0.1:" + gateway.publicPort() + "/_factorgate/api/enrol/later")
        .header("Authorization", "Bearer " + pendingToken).header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  @Test
  void aMemberIsNudgedSnoozesIsThenRequiredAndHisEnrolmentIsCounted() {
    JsonObject created = new JsonObject(admin.post("/api/campaigns", new JsonObject().put("name", "move off sms")
        .put("mode", "nudge").put("snooze_limit", 1).put("audience", new JsonObject().put("user_ids", new JsonArray().add("u1001")))).body());
    assertThat(created.getLong("targeted")).isEqualTo(1);
    long id = created.getLong("id");

    JsonObject first = smsLogin(ALICE);
    assertThat(first.getInteger("_status")).isEqualTo(401);
    assertThat(first.getString("error")).isEqualTo("enrolment_suggested");
    assertThat(first.getInteger("snoozes_left")).isEqualTo(1);
    HttpResponse<String> released = later(first.getString("pending_token"));
    assertThat(released.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(released.body()).getJsonObject("user").getString("id")).isEqualTo("u1001");
    assertThat(admin.getJson("/api/campaigns/" + id).getJsonObject("states").getLong("snoozed")).isEqualTo(1);

    JsonObject second = smsLogin(ALICE);
    assertThat(second.getInteger("_status")).isEqualTo(401);
    assertThat(second.getString("error")).isEqualTo("enrolment_required");
    assertThat(later(second.getString("pending_token")).statusCode()).isEqualTo(409);

    long account = sql.count("select id from accounts where user_id = 'u1001'");
    int marked = new CampaignStore().markEnrolled(gateway.services().pool(), account).await();
    assertThat(marked).isEqualTo(1);
    assertThat(new CampaignStore().markEnrolled(gateway.services().pool(), account).await()).isZero();

    JsonObject stats = admin.getJson("/api/campaigns/" + id);
    JsonObject states = stats.getJsonObject("states");
    assertThat(states.getLong("targeted")).isZero();
    assertThat(states.getLong("snoozed")).isZero();
    assertThat(states.getLong("enrolled")).isEqualTo(1);
    JsonArray perDay = stats.getJsonArray("enrolments_per_day");
    assertThat(perDay).hasSize(1);
    assertThat(perDay.getJsonObject(0).getString("day")).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
    assertThat(perDay.getJsonObject(0).getLong("count")).isEqualTo(1);
    assertThat(admin.getJson("/api/accounts/u1001").getJsonArray("campaigns").getJsonObject(0).getString("state")).isEqualTo("enrolled");
  }

  @Test
  void aPausedOrCancelledCampaignNoLongerHoldsLogins() {
    long id = new JsonObject(admin.post("/api/campaigns", new JsonObject().put("name", "bob").put("mode", "require")
        .put("audience", new JsonObject().put("user_ids", new JsonArray().add("u1002")))).body()).getLong("id");
    assertThat(smsLogin(BOB).getString("error")).isEqualTo("enrolment_required");
    admin.post("/api/campaigns/" + id + "/pause", (JsonObject) null);
    assertThat(smsLogin(BOB).getInteger("_status")).isEqualTo(200);
    admin.post("/api/campaigns/" + id + "/resume", (JsonObject) null);
    assertThat(smsLogin(BOB).getString("error")).isEqualTo("enrolment_required");
    admin.post("/api/campaigns/" + id + "/cancel", (JsonObject) null);
    assertThat(smsLogin(BOB).getInteger("_status")).isEqualTo(200);
    // enrolling now does not rewrite the figures of a campaign that has stopped
    long account = sql.count("select id from accounts where user_id = 'u1002'");
    assertThat(new CampaignStore().markEnrolled(gateway.services().pool(), account).await()).isZero();
  }
}
