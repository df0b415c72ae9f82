package dev.factorgate.proxy;

import static dev.factorgate.support.Forms.cookie;
import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.Gateway;
import dev.factorgate.store.DatabaseTarget;
import dev.factorgate.support.Http;
import dev.factorgate.support.Sql;
import dev.factorgate.support.TestConfig;
import dev.factorgate.support.TestDatabase;
import dev.factorgate.support.TestKeys;
import dev.factorgate.support.TestUpstream;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A held upstream answer is released exactly as the upstream sent it, and is stored only encrypted. */
class HeldResponseReplayTest {

  private static final String BODY = "{\"ok\":true,\"msg\":\"欢迎 back\",\"user\":{\"id\":\"u77\"}}";

  private TestUpstream upstream;
  private DatabaseTarget db;
  private Sql sql;
  private Gateway gateway;
  private String base;

  @BeforeEach
  void start() {
    upstream = new TestUpstream();
    db = TestDatabase.fresh();
    sql = new Sql(db);
    gateway = Gateway.start(TestConfig.forUpstream(upstream.port()), db, TestKeys.keys(), Clock.systemUTC()).await();
    base = "http://127.0.0.1:" + gateway.publicPort();
  }

  @AfterEach
  void stop() {
    gateway.close();
    upstream.close();
  }

  private void nudge(String userId) {
    sql.update("insert into accounts (user_id) values (?)", userId);
    sql.update("insert into campaigns (name, mode, audience, created_by) values ('c', 'nudge', '{}'::jsonb, 't')");
    sql.update("insert into campaign_members (campaign_id, account_id) select c.id, a.id from campaigns c, accounts a");
  }

  private HttpResponse<String> login(String accept) {
    return Http.send(Http.request(base + "/login/password").header("Accept", accept)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("u=x")).build());
  }

  @Test
  void releasesStatusHeadersCookiesAndBodyVerbatim() {
    nudge("u77");
    upstream.handler(req -> req.response().setStatusCode(200)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("X-Authenticated-User", "u77")
        .putHeader("X-Custom", "one")
        .putHeader("Cache-Control", "private")
        .putHeader("Set-Cookie", (Iterable<String>) List.of("demo_session=s3cr3t; Path=/; HttpOnly", "pref=zh; Path=/; Max-Age=60", "third=3"))
        .end(Buffer.buffer(BODY.getBytes(StandardCharsets.UTF_8))));
    HttpResponse<String> held = login("application/json");
    assertThat(held.statusCode()).isEqualTo(401);
    assertThat(held.body()).doesNotContain("s3cr3t");
    String token = new JsonObject(held.body()).getString("pending_token");
    // stored only sealed: neither the cookie nor the body is readable in the database
    assertThat(new String((byte[]) sql.value("select response from pending_logins"), StandardCharsets.ISO_8859_1))
        .doesNotContain("s3cr3t").doesNotContain("u77");

    HttpResponse<String> r = Http.send(Http.request(base + "/_factorgate/api/enrol/later")
        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(BODY);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    assertThat(r.headers().firstValue("X-Custom")).hasValue("one");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("private");
    assertThat(r.headers().firstValue("X-Authenticated-User")).isEmpty();
    List<String> cookies = r.headers().allValues("Set-Cookie");
    assertThat(cookies).contains("demo_session=s3cr3t; Path=/; HttpOnly", "pref=zh; Path=/; Max-Age=60", "third=3");
    assertThat(cookie(cookies, "fg_session")).isNotBlank();
  }

  @Test
  void aBrowserReleaseRedirectsOnlyToSameSitePaths() {
    nudge("u77");
    upstream.handler(req -> req.response().setStatusCode(303).putHeader("Location", "//evil.example/steal")
        .putHeader("X-Authenticated-User", "u77").putHeader("Set-Cookie", "demo_session=abc; Path=/").end());
    HttpResponse<String> held = login("text/html");
    assertThat(held.statusCode()).isEqualTo(303);
    assertThat(held.headers().firstValue("Location")).hasValue("/_factorgate/enrol");
    assertThat(sql.value("select destination from pending_logins")).isEqualTo("/");
  }

  @Test
  void aSuccessWithoutAnIdentityFailsClosed() {
    upstream.handler(req -> req.response().setStatusCode(200).putHeader("Set-Cookie", "demo_session=abc").end("welcome"));
    HttpResponse<String> r = login("application/json");
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
    assertThat(new JsonObject(r.body()).getString("type")).isEqualTo("upstream-identity-missing");
  }

  @Test
  void anAnswerTooLargeToHoldFailsClosed() {
    upstream.handler(req -> req.response().setStatusCode(200).putHeader("X-Authenticated-User", "u77")
        .putHeader("Set-Cookie", "demo_session=abc").end(Buffer.buffer(new byte[2 * 1024 * 1024])));
    HttpResponse<String> r = login("application/json");
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
  }

  @Test
  void aSuccessStatusWithoutTheSessionCookieIsNotALogin() {
    upstream.handler(req -> req.response().setStatusCode(200).putHeader("X-Authenticated-User", "u77").end("form again"));
    HttpResponse<String> r = login("text/html");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("form again");
    assertThat(r.headers().firstValue("X-Authenticated-User")).isEmpty();
    assertThat(sql.count("select count(*) from accounts")).isZero();
  }

  @Test
  void anOversizedLoginRequestIsRefusedBeforeTheUpstream() {
    HttpResponse<String> r = Http.send(Http.request(base + "/login/password").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2 * 1024 * 1024])).build());
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(upstream.seen()).isEmpty();
  }

  @Test
  void loginRoutesMatchCaseAndTrailingSlashVariants() {
    nudge("u77");
    upstream.handler(req -> req.response().setStatusCode(200).putHeader("X-Authenticated-User", "u77")
        .putHeader("Set-Cookie", "demo_session=abc").end("ok"));
    for (String path : new String[] {"/LOGIN/password", "/login/password/", "/login/password;jsessionid=1"}) {
      HttpResponse<String> r = Http.send(Http.request(base + path).header("Accept", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("x")).build());
      assertThat(r.statusCode()).as(path).isEqualTo(401);
      assertThat(r.headers().allValues("Set-Cookie")).as(path).isEmpty();
    }
  }
}
