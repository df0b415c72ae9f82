package dev.factorgate.web;

import static dev.factorgate.support.Forms.cookie;
import static dev.factorgate.support.Forms.form;
import static dev.factorgate.support.Forms.hidden;
import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.Gateway;
import dev.factorgate.store.DatabaseTarget;
import dev.factorgate.support.DemoSite;
import dev.factorgate.support.Http;
import dev.factorgate.support.Sql;
import dev.factorgate.support.TestConfig;
import dev.factorgate.support.TestDatabase;
import dev.factorgate.support.TestKeys;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The browser side of a held login: pages, CSRF-protected forms, and the redirect on release. */
class HeldLoginPagesTest {

  private static final String ALICE = "+8613800138000";

  private DemoSite demo;
  private Sql sql;
  private Gateway gateway;
  private String base;

  @BeforeEach
  void start() {
    demo = new DemoSite();
    DatabaseTarget db = TestDatabase.fresh();
    sql = new Sql(db);
    gateway = Gateway.start(TestConfig.forUpstream(demo.port()), db, TestKeys.keys(), Clock.systemUTC()).await();
    base = "http://127.0.0.1:" + gateway.publicPort();
    sql.update("insert into accounts (user_id, phone) values ('u1001', ?)", ALICE);
  }

  @AfterEach
  void stop() {
    gateway.close();
    demo.close();
  }

  private HttpResponse<String> browserLogin(String next) {
    Http.send(Http.request(base + "/login/sms/send").header("Content-Type", "application/x-www-form-urlencoded").POST(form("phone", ALICE)).build());
    return Http.send(Http.request(base + "/login/sms").header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "text/html").POST(form("phone", ALICE, "code", demo.lastCode(ALICE), "next", next)).build());
  }

  private void campaign(String mode, Integer snoozeLimit) {
    sql.update("insert into campaigns (name, mode, audience, snooze_limit, created_by) values ('c', ?, '{}'::jsonb, ?, 't')", mode, snoozeLimit);
    sql.update("insert into campaign_members (campaign_id, account_id) select c.id, a.id from campaigns c, accounts a");
  }

  @Test
  void theNudgePageSnoozesWithItsFormAndLandsOnTheOriginalDestination() {
    campaign("nudge", 3);
    HttpResponse<String> held = browserLogin("/account");
    String pending = cookie(held.headers().allValues("Set-Cookie"), "fg_pending");
    HttpResponse<String> page = Http.send(Http.request(base + "/_factorgate/enrol").header("Cookie", "fg_pending=" + pending).build());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("frame-ancestors 'none'");
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(page.body()).contains("action=\"/_factorgate/enrol/later\"").contains("3");
    String csrf = hidden(page.body(), "csrf");
    assertThat(csrf).isNotBlank();

    HttpResponse<String> noCsrf = Http.send(Http.request(base + "/_factorgate/enrol/later").header("Cookie", "fg_pending=" + pending)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(form("csrf", "forged")).build());
    assertThat(noCsrf.statusCode()).isEqualTo(403);

    HttpResponse<String> later = Http.send(Http.request(base + "/_factorgate/enrol/later").header("Cookie", "fg_pending=" + pending)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(form("csrf", csrf)).build());
    assertThat(later.statusCode()).isEqualTo(303);
    assertThat(later.headers().firstValue("Location")).hasValue("/account");
    List<String> cookies = later.headers().allValues("Set-Cookie");
    assertThat(cookie(cookies, "demo_session")).isNotBlank();
    assertThat(cookie(cookies, "demo_seen")).isEqualTo("1");
    assertThat(cookie(cookies, "fg_session")).isNotBlank();
    assertThat(cookies).anyMatch(c -> c.startsWith("fg_pending=;") && c.contains("Max-Age=0"));
    HttpResponse<String> account = Http.send(Http.request(base + "/account").header("Cookie", "demo_session=" + cookie(cookies, "demo_session")).build());
    assertThat(account.body()).contains("u1001");
  }

  @Test
  void theRequiredEnrolmentPageOffersNoSnoozeAndTheChallengePageSendsThereToo() {
    campaign("require", null);
    String pending = cookie(browserLogin("/").headers().allValues("Set-Cookie"), "fg_pending");
    HttpResponse<String> page = Http.send(Http.request(base + "/_factorgate/enrol").header("Cookie", "fg_pending=" + pending).build());
    assertThat(page.body()).contains("action=\"/_factorgate/totp\"").doesNotContain("/enrol/later");
    HttpResponse<String> challenge = Http.send(Http.request(base + "/_factorgate/challenge").header("Cookie", "fg_pending=" + pending).build());
    assertThat(challenge.statusCode()).isEqualTo(302);
    assertThat(challenge.headers().firstValue("Location")).hasValue("/_factorgate/enrol");
  }

  @Test
  void theChallengePageSpeaksChinese() {
    sql.update("update accounts set login_policy = 'second_factor_required'");
    String pending = cookie(browserLogin("/").headers().allValues("Set-Cookie"), "fg_pending");
    HttpResponse<String> page = Http.send(Http.request(base + "/_factorgate/challenge").header("Cookie", "fg_pending=" + pending)
        .header("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.5").build());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("lang=\"zh-CN\"").containsPattern("[\\u4e00-\\u9fff]");
    HttpResponse<String> english = Http.send(Http.request(base + "/_factorgate/challenge?lang=en").header("Cookie", "fg_pending=" + pending)
        .header("Accept-Language", "zh-CN").build());
    assertThat(english.body()).contains("lang=\"en\"");
  }

  @Test
  void aRefusalIsAReadablePage() {
    sql.update("update accounts set phone_recycled_at = now() - interval '1 day'");
    HttpResponse<String> r = browserLogin("/");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
    assertThat(r.body()).contains("<h1");
  }

  @Test
  void theStylesheetIsServedUnderThePrefix() {
    HttpResponse<String> css = Http.get(base + "/_factorgate/static/factorgate.css");
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.headers().firstValue("Content-Type").orElse("")).startsWith("text/css");
  }
}
