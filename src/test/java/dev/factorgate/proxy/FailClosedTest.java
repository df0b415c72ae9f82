package dev.factorgate.proxy;

import static dev.factorgate.support.Forms.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.factorgate.Gateway;
import dev.factorgate.store.DatabaseTarget;
import dev.factorgate.store.EmbeddedDatabase;
import dev.factorgate.support.DemoSite;
import dev.factorgate.support.Http;
import dev.factorgate.support.Sql;
import dev.factorgate.support.TestConfig;
import dev.factorgate.support.TestKeys;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PostgreSQL goes away while logins arrive: nothing is released without a decision, and service comes back by itself. */
class FailClosedTest {

  private static final String ALICE = "+8613800138000";

  @Test
  void failsClosedWhileTheDatabaseIsDownAndRecoversWithoutRestart(@TempDir Path dir) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    EmbeddedDatabase pg = EmbeddedDatabase.start(dir.resolve("pg"), port);
    DatabaseTarget db = pg.target("factorgate");
    try (DemoSite demo = new DemoSite();
        Gateway gateway = Gateway.start(TestConfig.forUpstream(demo.port()), db, TestKeys.keys(), Clock.systemUTC()).await()) {
      String base = "http://127.0.0.1:" + gateway.publicPort();
      String admin = "http://127.0.0.1:" + gateway.adminPort();
      await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(admin + "/ready").statusCode() == 200);
      Sql sql = new Sql(db);
      sql.update("insert into accounts (user_id, phone) values ('u1001', ?)", ALICE);
      sql.update("insert into campaigns (name, mode, audience, created_by) values ('c', 'nudge', '{}'::jsonb, 't')");
      sql.update("insert into campaign_members (campaign_id, account_id) select c.id, a.id from campaigns c, accounts a");
      String heldBefore = new JsonObject(login(base, demo).body()).getString("pending_token");

      pg.close();
      HttpResponse<String> during = login(base, demo);
      assertThat(during.statusCode()).isEqualTo(503);
      assertThat(during.headers().allValues("Set-Cookie")).isEmpty();
      assertThat(during.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(during.headers().firstValue("Retry-After")).isPresent();
      assertThat(during.body()).doesNotContain("token");
      HttpResponse<String> release = Http.send(Http.request(base + "/_factorgate/api/enrol/later")
          .header("Authorization", "Bearer " + heldBefore).POST(HttpRequest.BodyPublishers.noBody()).build());
      assertThat(release.statusCode()).isEqualTo(503);
      assertThat(Http.get(base + "/static/ping").body()).isEqualTo("pong");
      assertThat(Http.get(admin + "/ready").statusCode()).isEqualTo(503);

      try (EmbeddedDatabase again = EmbeddedDatabase.start(dir.resolve("pg"), port)) {
        await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(admin + "/ready").statusCode() == 200);
        HttpResponse<String> completed = Http.send(Http.request(base + "/_factorgate/api/enrol/later")
            .header("Authorization", "Bearer " + heldBefore).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(completed.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(completed.body()).getJsonObject("user").getString("id")).isEqualTo("u1001");
        assertThat(login(base, demo).statusCode()).isEqualTo(401);
      }
    }
  }

  private static HttpResponse<String> login(String base, DemoSite demo) {
    Http.send(Http.request(base + "/login/sms/send").header("Content-Type", "application/x-www-form-urlencoded").POST(form("phone", ALICE)).build());
    return Http.send(Http.request(base + "/login/sms").header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("phone", ALICE).put("code", demo.lastCode(ALICE)).encode())).build());
  }
}
