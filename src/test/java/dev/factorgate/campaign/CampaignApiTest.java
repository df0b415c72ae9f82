package dev.factorgate.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.Gateway;
import dev.factorgate.support.AdminApi;
import dev.factorgate.support.AdminGateway;
import dev.factorgate.support.Sql;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Creating, listing and steering campaigns through the admin API. */
class CampaignApiTest {

  private AdminGateway fixture;
  private Sql sql;
  private Gateway gateway;
  private AdminApi admin;

  @BeforeEach
  void start() {
    fixture = new AdminGateway("");
    sql = fixture.sql;
    gateway = fixture.gateway;
    admin = fixture.admin;
    // c01..c40; phones +86138…, c31..c40 on +86170 and virtual; every fourth has an authenticator;
    // c02 is second_factor_required; c03 recycled; c11..c20 logged in last in 2024, the rest in 2025;
    // c05 has only an email factor (a factor: email.role is "factor" by default)
    sql.update("""
        insert into accounts (user_id, phone, email, phone_virtual, last_login_at, login_policy)
        select 'c' || lpad(i::text, 2, '0'),
               case when i > 30 then '+86170' || (10000000 + i) else '+86138' || (10000000 + i) end,
               case when i % 2 = 0 then 'c' || i || '@example.com' end,
               i > 30,
               case when i between 11 and 20 then timestamptz '2024-06-01 00:00Z' else timestamptz '2025-06-01 00:00Z' end,
               case when i = 2 then 'second_factor_required' else 'sms_only' end
          from generate_series(1, 40) i
        """);
    sql.update("""
        insert into factors (account_id, kind, status, secret, algorithm, digits, period)
        select id, 'totp', 'active', '\\x01'::bytea, 'SHA1', 6, 30 from accounts where right(user_id, 2)::int % 4 = 0
        """);
    sql.update("insert into factors (account_id, kind, status, address) select id, 'email', 'active', 'x@example.com' from accounts where user_id = 'c05'");
    sql.update("insert into factors (account_id, kind, status, secret, algorithm, digits, period) select id, 'totp', 'revoked', '\\x01'::bytea, 'SHA1', 6, 30 from accounts where user_id = 'c06'");
    sql.update("update accounts set phone_recycled_at = now() where user_id = 'c03'");
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private JsonObject create(JsonObject body) {
    HttpResponse<String> r = admin.post("/api/campaigns", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonObject out = new JsonObject(r.body());
    assertThat(r.headers().firstValue("Location")).hasValue("/api/campaigns/" + out.getLong("id"));
    return out;
  }

  private static JsonObject campaign(String name, JsonObject audience) {
    return new JsonObject().put("name", name).put("mode", "nudge").put("audience", audience);
  }

  private long targeted(String name, JsonObject audience) {
    return create(campaign(name, audience)).getLong("targeted");
  }

  @Test
  void theAudienceIsAlwaysRestrictedToSmsOnlyAccountsAndNarrowedByEveryFilter() {
    // 40 accounts - 10 with an authenticator - c02 (policy) - c05 (email factor) = 28
    assertThat(targeted("everyone", new JsonObject())).isEqualTo(28);
    assertThat(targeted("virtual", new JsonObject().put("virtual", true))).isEqualTo(7); // c31..c40 but c32, c36, c40
    assertThat(targeted("by prefix", new JsonObject().put("phone_prefixes", new JsonArray().add("+86170").add("+861381000001"))))
        .isEqualTo(7 + 8); // c31..c40 but c32, c36, c40; c10..c19 but c12, c16
    assertThat(targeted("recycled", new JsonObject().put("recycled", true))).isEqualTo(1);
    assertThat(targeted("not recycled", new JsonObject().put("recycled", false))).isEqualTo(27);
    assertThat(targeted("quiet in 2025", new JsonObject().put("last_login_before", "2025-01-01T00:00:00Z"))).isEqualTo(7);
    assertThat(targeted("window", new JsonObject().put("last_login_after", "2024-01-01").put("last_login_before", "2024-12-31T00:00:00+08:00")))
        .isEqualTo(7);
    assertThat(targeted("listed", new JsonObject().put("user_ids", new JsonArray().add("c01").add("c02").add("c04").add("c06").add("nobody"))))
        .isEqualTo(2);
    assertThat(targeted("nobody listed", new JsonObject().put("user_ids", new JsonArray()))).isZero();
    assertThat(targeted("all nulls", new JsonObject().put("virtual", null).put("recycled", null).put("user_ids", null)
        .put("phone_prefixes", new JsonArray()))).isEqualTo(28);
    long id = sql.count("select id from campaigns where name = 'listed'");
    assertThat(sql.count("select count(*) from campaign_members m join accounts a on a.id = m.account_id "
        + "where m.campaign_id = ? and a.user_id in ('c01', 'c06') and m.state = 'targeted'", id)).isEqualTo(2);
    assertThat(sql.count("select count(*) from audit_log where action = 'campaign.create' and actor = 'admin:ops'")).isEqualTo(10);
  }

  @Test
  void invalidCampaignsAre400() {
    JsonObject ok = new JsonObject().put("name", "x").put("mode", "nudge");
    JsonObject[] bad = {
        new JsonObject().put("mode", "nudge"),
        ok.copy().put("name", " "),
        ok.copy().put("name", "a".repeat(201)),
        ok.copy().put("mode", "shout"),
        ok.copy().remove("mode") == null ? ok : new JsonObject().put("name", "x"),
        ok.copy().put("snooze_limit", -1),
        ok.copy().put("snooze_limit", 1.5),
        ok.copy().put("snooze_limit", "2"),
        ok.copy().put("mode", "require").put("enforce_after", "next tuesday"),
        ok.copy().put("mode", "require").put("enforce_after", "2026-02-30T00:00:00Z"),
        ok.copy().put("mode", "require").put("enforce_after", "2026-03-01T00:00:00"),
        ok.copy().put("notify", "sms"),
        ok.copy().put("audience", "everyone"),
        ok.copy().put("audience", new JsonObject().put("phone_prefixes", new JsonArray().add("86138"))),
        ok.copy().put("audience", new JsonObject().put("phone_prefixes", "+86138")),
        ok.copy().put("audience", new JsonObject().put("virtual", "yes")),
        ok.copy().put("audience", new JsonObject().put("last_login_after", "2025-01-01").put("last_login_before", "2024-01-01")),
        ok.copy().put("audience", new JsonObject().put("user_ids", new JsonArray().add(true))),
        ok.copy().put("audience", new JsonObject().put("country", "CN")),
        ok.copy().put("colour", "blue"),
    };
    for (JsonObject body : bad) {
      HttpResponse<String> r = admin.post("/api/campaigns", body);
      assertThat(r.statusCode()).as(body.encode()).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(new JsonObject(r.body()).getString("detail")).isNotBlank();
    }
    assertThat(admin.post("/api/campaigns", "application/json", "[1]").statusCode()).isEqualTo(400);
    assertThat(admin.post("/api/campaigns", "application/json", "").statusCode()).isEqualTo(400);
    assertThat(sql.count("select count(*) from campaigns")).isZero();
  }

  @Test
  void aNameIsUniqueAndAConflictLeavesNoMembersBehind() {
    create(campaign("spring", new JsonObject()));
    HttpResponse<String> again = admin.post("/api/campaigns", campaign("spring", new JsonObject().put("virtual", true)));
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(new JsonObject(again.body()).getString("type")).isEqualTo("campaign-name-taken");
    assertThat(sql.count("select count(*) from campaigns")).isEqualTo(1);
    assertThat(sql.count("select count(*) from campaign_members")).isEqualTo(28);
  }

  @Test
  void pauseResumeAndCancelFollowTheStateMachine() {
    long id = create(new JsonObject().put("name", "req").put("mode", "require").put("snooze_limit", 3)
        .put("enforce_after", "2030-01-01T00:00:00Z").put("notify", "email")).getLong("id");
    String base = "/api/campaigns/" + id;
    assertThat(status(admin.post(base + "/pause", (JsonObject) null), 200)).isEqualTo("paused");
    assertThat(status(admin.post(base + "/pause", (JsonObject) null), 200)).isEqualTo("paused");
    assertThat(status(admin.post(base + "/resume", (JsonObject) null), 200)).isEqualTo("active");
    assertThat(status(admin.post(base + "/cancel", (JsonObject) null), 200)).isEqualTo("cancelled");
    for (String action : new String[] {"resume", "pause"}) {
      HttpResponse<String> r = admin.post(base + "/" + action, (JsonObject) null);
      assertThat(r.statusCode()).isEqualTo(409);
      assertThat(new JsonObject(r.body()).getString("type")).isEqualTo("campaign-cancelled");
    }
    assertThat(status(admin.post(base + "/cancel", (JsonObject) null), 200)).isEqualTo("cancelled");
    assertThat(sql.count("select count(*) from audit_log where action in ('campaign.pause', 'campaign.resume', 'campaign.cancel')")).isEqualTo(3);

    JsonObject stats = admin.getJson(base);
    assertThat(stats.getString("status")).isEqualTo("cancelled");
    assertThat(stats.getString("mode")).isEqualTo("require");
    assertThat(stats.getInteger("snooze_limit")).isEqualTo(3);
    assertThat(stats.getString("enforce_after")).isEqualTo("2030-01-01T00:00:00Z");
    assertThat(stats.getString("notify")).isEqualTo("email");
    assertThat(stats.getInteger("targeted")).isEqualTo(28);
    assertThat(stats.getJsonObject("states").getLong("targeted")).isEqualTo(28);
    assertThat(stats.getJsonObject("states").fieldNames()).containsExactlyInAnyOrder("targeted", "notified", "snoozed", "enrolled", "exempt");
    assertThat(stats.getJsonArray("enrolments_per_day")).isEmpty();
  }

  private static String status(HttpResponse<String> r, int expected) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(expected);
    return new JsonObject(r.body()).getString("status");
  }

  @Test
  void unknownCampaignsAre404() {
    for (String path : new String[] {"/api/campaigns/999", "/api/campaigns/abc", "/api/campaigns/-1", "/api/campaigns/99999999999999999999"}) {
      assertThat(admin.get(path).statusCode()).as(path).isEqualTo(404);
    }
    for (String action : new String[] {"pause", "resume", "cancel"}) {
      HttpResponse<String> r = admin.post("/api/campaigns/999/" + action, (JsonObject) null);
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(new JsonObject(r.body()).getString("type")).isEqualTo("not-found");
    }
  }

  @Test
  void theListShowsEveryCampaignNewestFirstWithItsCounts() {
    create(campaign("first", new JsonObject().put("virtual", true)));
    create(campaign("second", new JsonObject().put("user_ids", new JsonArray().add("c01"))));
    sql.update("update campaign_members set state = 'snoozed', snoozes = 1 where account_id = (select id from accounts where user_id = 'c01')");
    JsonArray list = admin.getJson("/api/campaigns").getJsonArray("campaigns");
    assertThat(list).hasSize(2);
    assertThat(list.getJsonObject(0).getString("name")).isEqualTo("second");
    assertThat(list.getJsonObject(0).getJsonObject("states").getLong("snoozed")).isEqualTo(1);
    assertThat(list.getJsonObject(0).getJsonObject("states").getLong("targeted")).isZero();
    assertThat(list.getJsonObject(1).getJsonObject("states").getLong("targeted")).isEqualTo(7);
    assertThat(list.getJsonObject(1).getJsonObject("audience").getBoolean("virtual")).isTrue();
  }
}
