package dev.factorgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.Gateway;
import dev.factorgate.support.AdminApi;
import dev.factorgate.support.AdminGateway;
import dev.factorgate.support.Sql;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Segments, one account, reset and unlock through the admin API. */
class AccountAdminTest {

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
    // a01..a25: SMS-only; a05, a10, ..: an authenticator; a07: second_factor_required without a factor;
    // a03: recycled; a04: an email factor only
    sql.update("""
        insert into accounts (user_id, phone, email, login_policy)
        select 'a' || lpad(i::text, 2, '0'), '+86138' || (10000000 + i), 'user' || i || '@example.com',
               case when i % 5 = 0 or i = 7 then 'second_factor_required' else 'sms_only' end
          from generate_series(1, 25) i
        """);
    sql.update("""
        insert into factors (account_id, kind, status, secret, algorithm, digits, period, confirmed_at, last_used_at)
        select id, 'totp', 'active', '\\x0102'::bytea, 'SHA1', 6, 30, now(), now() from accounts
         where right(user_id, 2)::int % 5 = 0
        """);
    sql.update("update accounts set phone_recycled_at = now(), phone_verified_at = now() - interval '2 years' where user_id = 'a03'");
    sql.update("insert into factors (account_id, kind, status, address) select id, 'email', 'active', 'a04@example.com' from accounts where user_id = 'a04'");
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private List<String> ids(JsonObject page) {
    List<String> out = new ArrayList<>();
    page.getJsonArray("accounts").forEach(o -> out.add(((JsonObject) o).getString("user_id")));
    return out;
  }

  @Test
  void segmentsArePagedByUserId() {
    JsonObject first = admin.getJson("/api/accounts?segment=sms_only&limit=10");
    assertThat(ids(first)).containsExactly("a01", "a02", "a03", "a06", "a08", "a09", "a11", "a12", "a13", "a14");
    assertThat(first.getString("next")).isEqualTo("a14");
    JsonObject second = admin.getJson("/api/accounts?segment=sms_only&limit=10&after=a14");
    assertThat(ids(second)).containsExactly("a16", "a17", "a18", "a19", "a21", "a22", "a23", "a24");
    assertThat(second.getValue("next")).isNull();

    assertThat(ids(admin.getJson("/api/accounts?segment=enrolled"))).containsExactly("a04", "a05", "a10", "a15", "a20", "a25");
    assertThat(ids(admin.getJson("/api/accounts?segment=recycled"))).containsExactly("a03");
    JsonObject all = admin.getJson("/api/accounts");
    assertThat(all.getJsonArray("accounts")).hasSize(25);
    assertThat(all.getValue("next")).isNull();
    JsonObject exactlyFull = admin.getJson("/api/accounts?limit=25");
    assertThat(exactlyFull.getValue("next")).isNull();
    JsonObject one = all.getJsonArray("accounts").getJsonObject(0);
    assertThat(one.getString("phone")).isEqualTo("+86138****0001");
    assertThat(one.getString("email")).isEqualTo("u***@example.com");
  }

  @Test
  void badPageParametersAre400() {
    for (String q : new String[] {"segment=everyone", "limit=0", "limit=1001", "limit=ten", "after=" + "x".repeat(201)}) {
      HttpResponse<String> r = admin.get("/api/accounts?" + q);
      assertThat(r.statusCode()).as(q).isEqualTo(400);
      assertThat(new JsonObject(r.body()).getString("detail")).isNotBlank();
    }
  }

  @Test
  void oneAccountIsShownMaskedWithFactorsButNoSecrets() {
    sql.update("insert into recovery_codes (account_id, code_hmac, generation) select id, '\\xaa'::bytea, 1 from accounts where user_id = 'a05'");
    sql.update("insert into campaigns (name, mode, audience, created_by) values ('spring', 'nudge', '{}', 'test')");
    sql.update("insert into campaign_members (campaign_id, account_id, snoozes, state) select c.id, a.id, 2, 'snoozed' from campaigns c, accounts a where a.user_id = 'a05'");
    HttpResponse<String> r = admin.get("/api/accounts/a05");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject a = new JsonObject(r.body());
    assertThat(a.getString("user_id")).isEqualTo("a05");
    assertThat(a.getString("phone")).isEqualTo("+86138****0005");
    assertThat(a.getString("email")).isEqualTo("u***@example.com");
    assertThat(a.getString("login_policy")).isEqualTo("second_factor_required");
    assertThat(a.getLong("recovery_codes_left")).isEqualTo(1);
    JsonArray factors = a.getJsonArray("factors");
    assertThat(factors).hasSize(1);
    assertThat(factors.getJsonObject(0).fieldNames()).containsExactlyInAnyOrder("id", "kind", "status", "created_at", "last_used_at");
    assertThat(factors.getJsonObject(0).getString("kind")).isEqualTo("totp");
    assertThat(a.getJsonObject("flags").getMap()).containsEntry("phone_recycled", false).containsEntry("frozen", false).containsEntry("locked", false);
    JsonObject campaign = a.getJsonArray("campaigns").getJsonObject(0);
    assertThat(campaign.getString("name")).isEqualTo("spring");
    assertThat(campaign.getString("state")).isEqualTo("snoozed");
    assertThat(campaign.getInteger("snoozes")).isEqualTo(2);
    assertThat(r.body()).doesNotContain("+8613810000005").doesNotContain("user5@").doesNotContain("secret").doesNotContain("0102");

    JsonObject emailOnly = admin.getJson("/api/accounts/a04");
    assertThat(emailOnly.getJsonArray("factors").getJsonObject(0).getString("address")).isEqualTo("a***@example.com");
    assertThat(admin.getJson("/api/accounts/a03").getJsonObject("flags").getBoolean("phone_recycled")).isTrue();
  }

  @Test
  void unknownAccountsAre404() {
    for (HttpResponse<String> r : List.of(admin.get("/api/accounts/nobody"),
        admin.post("/api/accounts/nobody/reset", new JsonObject().put("reason", "lost phone")),
        admin.post("/api/accounts/nobody/unlock", new JsonObject()))) {
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(new JsonObject(r.body()).getString("type")).isEqualTo("not-found");
    }
  }

  @Test
  void aResetNeedsAReasonAndRevokesEverythingButTheAccount() {
    sql.update("insert into recovery_codes (account_id, code_hmac, generation, used_at) select id, '\\xaa'::bytea, 1, null from accounts where user_id = 'a10'");
    sql.update("insert into recovery_codes (account_id, code_hmac, generation, used_at) select id, '\\xbb'::bytea, 1, now() from accounts where user_id = 'a10'");
    sql.update("insert into gateway_sessions (token_hash, account_id, login_method, expires_at) select '\\x01'::bytea, id, 'sms', now() + interval '1 hour' from accounts where user_id = 'a10'");
    sql.update("insert into throttles (account_id, consecutive_failures, locked_at) select id, 20, now() from accounts where user_id = 'a10'");

    for (JsonObject body : new JsonObject[] {null, new JsonObject(), new JsonObject().put("reason", "  "), new JsonObject().put("reason", 5)}) {
      HttpResponse<String> r = admin.post("/api/accounts/a10/reset", body);
      assertThat(r.statusCode()).as(String.valueOf(body)).isEqualTo(400);
    }
    assertThat(admin.post("/api/accounts/a10/reset", "application/json", "{nope").statusCode()).isEqualTo(400);
    assertThat(sql.value("select status from factors f join accounts a on a.id = f.account_id where a.user_id = 'a10'")).isEqualTo("active");

    HttpResponse<String> r = admin.post("/api/accounts/a10/reset", new JsonObject().put("reason", "lost phone, identity checked by ticket 4711"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject out = new JsonObject(r.body());
    assertThat(out.getString("login_policy")).isEqualTo("sms_only");
    assertThat(out.getInteger("factors_revoked")).isEqualTo(1);
    assertThat(sql.value("select login_policy from accounts where user_id = 'a10'")).isEqualTo("sms_only");
    assertThat(sql.count("select count(*) from factors f join accounts a on a.id = f.account_id where a.user_id = 'a10' and f.status <> 'revoked'")).isZero();
    assertThat(sql.count("select count(*) from recovery_codes r join accounts a on a.id = r.account_id where a.user_id = 'a10'")).isEqualTo(1);
    assertThat(sql.count("select count(*) from gateway_sessions where revoked_at is null")).isZero();
    assertThat(sql.value("select locked_at from throttles")).isNull();
    assertThat(sql.value("select detail->>'reason' from audit_log where action = 'account.reset' and user_id = 'a10' and actor = 'admin:ops'"))
        .isEqualTo("lost phone, identity checked by ticket 4711");
    assertThat(ids(admin.getJson("/api/accounts?segment=sms_only&after=a09&limit=1"))).containsExactly("a10");
  }

  @Test
  void unlockClearsTheThrottleAndIsAudited() {
    sql.update("insert into throttles (account_id, consecutive_failures, locked_at, next_attempt_at) select id, 20, now(), now() + interval '1 hour' from accounts where user_id = 'a05'");
    assertThat(admin.getJson("/api/accounts/a05").getJsonObject("flags").getBoolean("locked")).isTrue();
    HttpResponse<String> r = admin.post("/api/accounts/a05/unlock", (JsonObject) null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).getBoolean("was_locked")).isTrue();
    assertThat(sql.count("select consecutive_failures from throttles")).isZero();
    assertThat(sql.value("select locked_at from throttles")).isNull();
    assertThat(sql.value("select next_attempt_at from throttles")).isNull();
    assertThat(admin.getJson("/api/accounts/a05").getJsonObject("flags").getBoolean("locked")).isFalse();
    assertThat(sql.value("select detail->>'was_locked' from audit_log where action = 'account.unlock' and user_id = 'a05'")).isEqualTo("true");
    // an account that never failed unlocks as a no-op
    assertThat(admin.post("/api/accounts/a06/unlock", (JsonObject) null).statusCode()).isEqualTo(200);
  }
}
