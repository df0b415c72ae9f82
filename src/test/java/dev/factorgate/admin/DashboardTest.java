package dev.factorgate.admin;

import static dev.factorgate.support.Forms.form;
import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.Gateway;
import dev.factorgate.campaign.CampaignStore;
import dev.factorgate.support.AdminApi;
import dev.factorgate.support.AdminGateway;
import dev.factorgate.support.Forms;
import dev.factorgate.support.Http;
import dev.factorgate.support.Sql;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin dashboard at {@code /}, server-rendered in English and Chinese, and its sign-in form. */
class DashboardTest {

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
    sql.update("insert into accounts (user_id, login_policy) select 'd' || i, case when i <= 3 then 'second_factor_required' else 'sms_only' end from generate_series(1, 8) i");
    JsonObject created = new JsonObject(admin.post("/api/campaigns", new JsonObject().put("name", "<script>alert(1)</script> spring")
        .put("mode", "nudge").put("audience", new JsonObject().put("user_ids", new JsonArray().add("d4").add("d5")))).body());
    long account = sql.count("select id from accounts where user_id = 'd4'");
    new CampaignStore().markEnrolled(gateway.services().pool(), account).await();
    assertThat(created.getLong("targeted")).isEqualTo(2);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void theDashboardShowsTheShareTheFunnelTheChartAndTheAuditLog() {
    HttpResponse<String> r = admin.get("/");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("default-src 'none'").doesNotContain("unsafe"));
    String html = r.body();
    assertThat(html).startsWith("<!doctype html>").contains("<html lang=\"en\">")
        .contains("62.5%") // 5 of 8 accounts
        .contains("&lt;script&gt;alert(1)&lt;/script&gt; spring").doesNotContain("<script")
        .contains("<svg").contains("<rect class=\"bar\"")
        .contains(LocalDate.now(ZoneOffset.UTC) + ": 1</title>")
        .contains("campaign.create").contains("admin:ops")
        .contains("Enrolled").contains("Targeted")
        .doesNotContain("style=").doesNotContain("admin.").doesNotContain("???");
  }

  @Test
  void theDashboardSpeaksChinese() {
    String html = admin.get("/?lang=zh-CN").body();
    assertThat(html).contains("<html lang=\"zh-CN\">").contains("逐步停用仅短信登录").contains("已设置").contains("最近的审计记录");
    String viaHeader = Http.send(admin.request("/").header("Accept-Language", "zh-CN,zh;q=0.9").GET().build()).body();
    assertThat(viaHeader).contains("逐步停用仅短信登录");
  }

  @Test
  void withoutATokenTheDashboardIs401WithTheSignInForm() {
    HttpResponse<String> r = new AdminApi(gateway, null).get("/");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(r.body()).contains("<form method=\"post\" action=\"/login").contains("type=\"password\"").doesNotContain("campaign.create");
    HttpResponse<String> json = Http.send(Http.request(admin.base() + "/").header("Accept", "application/json").GET().build());
    assertThat(json.statusCode()).isEqualTo(401);
    assertThat(json.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  @Test
  void theSignInFormSetsAStrictHttpOnlyCookieThatOnlyTheDashboardAccepts() {
    HttpResponse<String> wrong = Http.send(Http.request(admin.base() + "/login")
        .header("Content-Type", "application/x-www-form-urlencoded").POST(form("token", "nope")).build());
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("role=\"alert\"");
    assertThat(wrong.headers().allValues("Set-Cookie")).isEmpty();

    HttpResponse<String> ok = Http.send(Http.request(admin.base() + "/login?lang=en")
        .header("Content-Type", "application/x-www-form-urlencoded").POST(form("token", AdminApi.TOKEN)).build());
    assertThat(ok.statusCode()).isEqualTo(303);
    assertThat(ok.headers().firstValue("Location")).hasValue("/?lang=en");
    String setCookie = Forms.setCookie(ok.headers().allValues("Set-Cookie"), "fg_admin");
    assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
    String cookie = "fg_admin=" + Forms.cookie(ok.headers().allValues("Set-Cookie"), "fg_admin");
    assertThat(cookie).doesNotContain(AdminApi.TOKEN);

    HttpResponse<String> page = Http.send(Http.request(admin.base() + "/").header("Cookie", cookie).GET().build());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("admin:ops");
    // the API wants its token explicitly: a cookie the browser sends by itself is not enough
    assertThat(Http.send(Http.request(admin.base() + "/api/audit").header("Cookie", cookie).GET().build()).statusCode()).isEqualTo(401);
    assertThat(sql.count("select count(*) from audit_log where action = 'admin.login' and outcome = 'refused'")).isEqualTo(1);

    HttpResponse<String> out = Http.send(Http.request(admin.base() + "/logout").header("Cookie", cookie).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(Forms.setCookie(out.headers().allValues("Set-Cookie"), "fg_admin")).contains("Max-Age=0");
  }

  @Test
  void theStylesheetIsServedOnTheAdminListener() {
    HttpResponse<String> css = new AdminApi(gateway, null).get("/static/factorgate.css");
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.body()).contains(".card.wide");
  }

  @Test
  void everyKeyTheDashboardBuildsExistsInBothLanguages() throws Exception {
    Properties en = bundle("messages.properties");
    Properties zh = bundle("messages_zh_CN.properties");
    for (String key : new String[] {"admin.mode.nudge", "admin.mode.require", "admin.status.active", "admin.status.paused",
        "admin.status.cancelled", "admin.notify.none", "admin.notify.email", "admin.state.targeted", "admin.state.notified",
        "admin.state.snoozed", "admin.state.enrolled", "admin.state.exempt"}) {
      assertThat(en.getProperty(key)).as(key).isNotBlank();
      assertThat(zh.getProperty(key)).as(key).isNotBlank();
    }
  }

  private static Properties bundle(String name) throws java.io.IOException {
    Properties p = new Properties();
    try (var in = DashboardTest.class.getClassLoader().getResourceAsStream("i18n/" + name)) {
      p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
    }
    return p;
  }

  @Test
  void theChartScalesToTheBusiestDayAndKeepsSmallDaysVisible() {
    LocalDate today = LocalDate.of(2026, 11, 22);
    EnrolmentChart chart = EnrolmentChart.of(Map.of(today, 100L, today.minusDays(1), 1L, today.minusDays(40), 7L), today, 30);
    assertThat(chart.bars()).hasSize(30);
    assertThat(chart.total()).isEqualTo(101);
    assertThat(chart.max()).isEqualTo(100);
    assertThat(chart.first()).isEqualTo("2026-10-24");
    EnrolmentChart.Bar last = chart.bars().get(29);
    assertThat(last.height()).isEqualTo(EnrolmentChart.HEIGHT);
    assertThat(last.y()).isEqualTo(EnrolmentChart.TOP);
    assertThat(chart.bars().get(28).height()).isEqualTo(2);
    assertThat(chart.bars().get(0).height()).isZero();
    assertThat(chart.bars()).allMatch(b -> b.x() >= 0 && b.x() + b.width() <= EnrolmentChart.WIDTH && b.y() + b.height() == chart.baseline());
    assertThat(EnrolmentChart.of(Map.of(), today, 30).max()).isEqualTo(1);
    assertThat(String.format(Locale.ROOT, "%s", Dashboard.percent(0, 0))).isEqualTo("0%");
  }
}
