package dev.factorgate.proxy;

import static dev.factorgate.support.Forms.cookie;
import static dev.factorgate.support.Forms.form;
import static dev.factorgate.support.Forms.setCookie;
import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.Gateway;
import dev.factorgate.store.DatabaseTarget;
import dev.factorgate.support.DemoSite;
import dev.factorgate.support.GatewayFixture;
import dev.factorgate.support.Http;
import dev.factorgate.support.MutableClock;
import dev.factorgate.support.Sql;
import dev.factorgate.support.TestConfig;
import dev.factorgate.support.TestDatabase;
import dev.factorgate.support.TestKeys;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Logins through the gateway to the real demo site, decided against a real PostgreSQL. */
class LoginInterceptionTest {

  static final String ALICE = "+8613800138000";

  private DemoSite demo;
  private DatabaseTarget db;
  private Sql sql;
  private MutableClock clock;
  private Gateway a;
  private Gateway b;

  @BeforeEach
  void start() {
    demo = new DemoSite();
    db = TestDatabase.fresh();
    sql = new Sql(db);
    clock = MutableClock.systemNow();
    a = Gateway.start(TestConfig.forUpstream(demo.port()), db, TestKeys.keys(), clock).await();
  }

  @AfterEach
  void stop() {
    a.close();
    if (b != null) {
      b.close();
    }
    demo.close();
  }

  private static String base(Gateway g) {
    return GatewayFixture.base(g);
  }

  private HttpResponse<String> smsLogin(Gateway g, String phone, boolean json) {
    return GatewayFixture.smsLogin(demo, g, phone, json);
  }

  private void aliceIs(String policy) {
    sql.update("insert into accounts (user_id, phone, login_policy) values ('u1001', ?, ?) "
        + "on conflict (user_id) do update set login_policy = excluded.login_policy", ALICE, policy);
  }

  private void aliceInCampaign(String mode, Integer snoozeLimit) {
    aliceIs("sms_only");
    sql.update("insert into campaigns (name, mode, audience, snooze_limit, created_by) values ('c1', ?, '{}'::jsonb, ?, 'test')", mode, snoozeLimit);
    sql.update("insert into campaign_members (campaign_id, account_id) select c.id, a.id from campaigns c, accounts a where a.user_id = 'u1001'");
  }

  private HttpResponse<String> api(Gateway g, String path, String bearer) {
    return Http.send(Http.request(base(g) + path).header("Authorization", "Bearer " + bearer)
        .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  @Test
  void anSmsOnlyLoginPassesUnchangedWithAGatewaySession() {
    HttpResponse<String> r = smsLogin(a, ALICE, false);
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/");
    List<String> cookies = r.headers().allValues("Set-Cookie");
    assertThat(cookie(cookies, "demo_session")).isNotBlank();
    assertThat(cookie(cookies, "demo_seen")).isEqualTo("1");
    assertThat(setCookie(cookies, "fg_session")).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/");
    assertThat(r.headers().firstValue("X-Authenticated-User")).isEmpty();
    assertThat(sql.value("select phone from accounts where user_id = 'u1001'")).isEqualTo(ALICE);
    assertThat(sql.value("select email from accounts where user_id = 'u1001'")).isEqualTo("alice@example.com");
    assertThat(sql.value("select last_login_method from accounts where user_id = 'u1001'")).isEqualTo("sms");
    assertThat(sql.count("select count(*) from audit_log where user_id = 'u1001' and action = 'login' and outcome = 'release'")).isEqualTo(1);
    assertThat(Http.get("http://127.0.0.1:" + a.adminPort() + "/metrics").body())
        .contains("factorgate_logins_total{method=\"sms\",outcome=\"release\"} 1.0");
  }

  @Test
  void aFailedLoginPassesThroughUntouchedEvenWithAForgedIdentityHeader() {
    Http.send(Http.request(base(a) + "/login/sms/send").header("Content-Type", "application/x-www-form-urlencoded").POST(form("phone", ALICE)).build());
    HttpResponse<String> r =
        Http.send(Http.request(base(a) + "/login/sms").header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Authenticated-User", "u1003").POST(form("phone", ALICE, "code", "000000")).build());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
    assertThat(sql.count("select count(*) from accounts")).isZero();
  }

  @Test
  void aBrowserThatMustPassAFactorIsHeldWithoutTheUpstreamCookies() {
    aliceIs("second_factor_required");
    HttpResponse<String> r = smsLogin(a, ALICE, false);
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/_factorgate/challenge");
    List<String> cookies = r.headers().allValues("Set-Cookie");
    assertThat(cookies).hasSize(1);
    assertThat(cookies.get(0)).startsWith("fg_pending=").contains("HttpOnly").contains("SameSite=Lax").contains("Path=/_factorgate");
    assertThat(cookie(cookies, "fg_pending")).hasSizeGreaterThanOrEqualTo(43);
    assertThat(sql.count("select count(*) from pending_logins where outcome = 'challenge'")).isEqualTo(1);
  }

  @Test
  void anApiClientThatMustPassAFactorGets401WithAPendingToken() {
    aliceIs("second_factor_required");
    HttpResponse<String> r = smsLogin(a, ALICE, true);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getString("error")).isEqualTo("second_factor_required");
    assertThat(body.getString("pending_token")).hasSizeGreaterThanOrEqualTo(43);
    assertThat(body.getJsonArray("methods")).isNotNull();
    assertThat(body.getString("token")).isNull();
    // the held login cannot be released without a factor
    HttpResponse<String> release = api(a, "/_factorgate/api/release", body.getString("pending_token"));
    assertThat(release.statusCode()).isEqualTo(403);
    assertThat(release.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  @Test
  void aNudgeWithoutASnoozeLimitSaysSoWithNull() {
    aliceInCampaign("nudge", null);
    JsonObject body = new JsonObject(smsLogin(a, ALICE, true).body());
    assertThat(body.getString("error")).isEqualTo("enrolment_suggested");
    assertThat(body.containsKey("snoozes_left")).isTrue();
    assertThat(body.getValue("snoozes_left")).isNull();
  }

  @Test
  void aNudgeIsSnoozedOnceAndReleasesTheUpstreamAnswer() {
    aliceInCampaign("nudge", 2);
    HttpResponse<String> r = smsLogin(a, ALICE, true);
    assertThat(r.statusCode()).isEqualTo(401);
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getString("error")).isEqualTo("enrolment_suggested");
    assertThat(body.getInteger("snoozes_left")).isEqualTo(2);
    assertThat(body.getJsonArray("methods").getList()).containsExactly("totp", "email");
    String token = body.getString("pending_token");

    HttpResponse<String> released = api(a, "/_factorgate/api/enrol/later", token);
    assertThat(released.statusCode()).isEqualTo(200);
    JsonObject upstream = new JsonObject(released.body());
    assertThat(upstream.getJsonObject("user").getString("id")).isEqualTo("u1001");
    List<String> cookies = released.headers().allValues("Set-Cookie");
    assertThat(cookie(cookies, "demo_session")).isEqualTo(upstream.getString("token"));
    assertThat(cookie(cookies, "demo_seen")).isEqualTo("1");
    assertThat(cookie(cookies, "fg_session")).isEqualTo(released.headers().firstValue("Factorgate-Session").orElseThrow());
    assertThat(sql.value("select state from campaign_members")).isEqualTo("snoozed");
    assertThat(sql.count("select snoozes from campaign_members")).isEqualTo(1);
    // the released upstream session is real
    HttpResponse<String> me = Http.send(Http.request(base(a) + "/api/me").header("Authorization", "Bearer " + upstream.getString("token")).build());
    assertThat(new JsonObject(me.body()).getString("id")).isEqualTo("u1001");

    // a pending token works once
    HttpResponse<String> again = api(a, "/_factorgate/api/enrol/later", token);
    assertThat(again.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(again.body()).getString("type")).isEqualTo("pending-login-expired");
  }

  @Test
  void outOfSnoozesTheEnrolmentIsRequiredAndLaterIsAConflict() {
    aliceInCampaign("nudge", 0);
    JsonObject body = new JsonObject(smsLogin(a, ALICE, true).body());
    assertThat(body.getString("error")).isEqualTo("enrolment_required");
    HttpResponse<String> later = api(a, "/_factorgate/api/enrol/later", body.getString("pending_token"));
    assertThat(later.statusCode()).isEqualTo(409);
    assertThat(new JsonObject(later.body()).getString("type")).isEqualTo("no-snooze-left");
  }

  @Test
  void aPendingLoginExpires() {
    aliceInCampaign("nudge", null);
    String token = new JsonObject(smsLogin(a, ALICE, true).body()).getString("pending_token");
    clock.advance(Duration.ofMinutes(5).plusSeconds(1));
    assertThat(api(a, "/_factorgate/api/enrol/later", token).statusCode()).isEqualTo(401);
  }

  @Test
  void unknownOrTamperedTokensAre401() {
    assertThat(api(a, "/_factorgate/api/enrol/later", "x".repeat(43)).statusCode()).isEqualTo(401);
    assertThat(api(a, "/_factorgate/api/release", "short").statusCode()).isEqualTo(401);
    HttpResponse<String> page = Http.send(Http.request(base(a) + "/_factorgate/challenge").header("Cookie", "fg_pending=forged").build());
    assertThat(page.statusCode()).isEqualTo(401);
  }

  @Test
  void aLoginHeldByOneInstanceCompletesOnAnotherAndOnlyOnce() throws Exception {
    b = Gateway.start(TestConfig.forUpstream(demo.port()), db, TestKeys.keys(), clock).await();
    aliceInCampaign("nudge", null);
    String token = new JsonObject(smsLogin(a, ALICE, true).body()).getString("pending_token");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        Gateway g = i % 2 == 0 ? b : a;
        results.add(pool.submit((Callable<Integer>) () -> api(g, "/_factorgate/api/enrol/later", token).statusCode()));
      }
      List<Integer> codes = new ArrayList<>();
      for (Future<Integer> f : results) {
        codes.add(f.get());
      }
      assertThat(codes).filteredOn(c -> c == 200).hasSize(1);
      assertThat(codes).filteredOn(c -> c != 200).allMatch(c -> c == 401);
      assertThat(sql.count("select snoozes from campaign_members")).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRecycledNumberCannotLogInBySmsWithoutAFactor() {
    sql.update("insert into accounts (user_id, phone, phone_verified_at, phone_recycled_at) "
        + "values ('u1001', ?, now() - interval '2 years', now() - interval '1 year')", ALICE);
    HttpResponse<String> r = smsLogin(a, ALICE, true);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(r.body()).getString("type")).isEqualTo("number-changed-hands");
    assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
    assertThat(sql.count("select count(*) from audit_log where action = 'login' and outcome = 'refuse_recycled'")).isEqualTo(1);
  }

  @Test
  void aLockedAccountIsRefusedWith429() {
    aliceIs("second_factor_required");
    sql.update("insert into throttles (account_id, consecutive_failures, locked_at) select id, 20, now() from accounts");
    HttpResponse<String> r = smsLogin(a, ALICE, true);
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
  }
}
