package dev.factorgate.demo;

import static dev.factorgate.demo.DemoHarness.setCookies;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signed-in side: home, account, /api/me, logout, phone change, ping. */
class AccountTest {

  @TempDir
  Path outbox;

  private DemoHarness demo;

  @BeforeEach
  void start() throws Exception {
    demo = new DemoHarness(outbox);
  }

  @AfterEach
  void stop() throws Exception {
    demo.close();
  }

  @Test
  void apiMeWorksWithCookieAndWithBearer() throws Exception {
    String token = demo.tokenFor("u1001", "alice-demo-pass");
    JsonObject alice = new JsonObject().put("id", "u1001").put("name", "Alice")
        .put("phone", "+8613800138000").put("email", "alice@example.com");

    HttpResponse<String> byCookie = demo.get("/api/me", "Cookie", "demo_session=" + token);
    HttpResponse<String> byBearer = demo.get("/api/me", "Authorization", "Bearer " + token);

    assertThat(byCookie.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(byCookie.body())).isEqualTo(alice);
    assertThat(byBearer.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(byBearer.body())).isEqualTo(alice);
  }

  @Test
  void apiMeWithoutSessionIs401AndIgnoresAuthenticatedUserHeader() throws Exception {
    HttpResponse<String> anonymous = demo.get("/api/me");
    HttpResponse<String> forged = demo.get("/api/me", "X-Authenticated-User", "u1001");
    HttpResponse<String> badToken = demo.get("/api/me", "Authorization", "Bearer nope");

    for (HttpResponse<String> response : java.util.List.of(anonymous, forged, badToken)) {
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(new JsonObject(response.body()))
          .isEqualTo(new JsonObject().put("error", "not_signed_in"));
    }
    assertThat(demo.get("/", "X-Authenticated-User", "u1001").body())
        .doesNotContain("Signed in as");
  }

  @Test
  void homeShowsTheSignedInUserAndEscapes() throws Exception {
    String token = demo.tokenFor("u1001", "alice-demo-pass");

    HttpResponse<String> home = demo.get("/", "Cookie", "demo_session=" + token);

    assertThat(home.statusCode()).isEqualTo(200);
    assertThat(home.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
    assertThat(home.body()).contains("<html lang=\"en\">", DemoPages.BANNER,
        "Signed in as Alice (u1001)", "+8613800138000", "alice@example.com",
        "action=\"/logout\"");
    assertThat(demo.get("/").body()).contains(DemoPages.BANNER, "href=\"/login\"")
        .doesNotContain("Signed in as");
  }

  @Test
  void accountRequiresSignIn() throws Exception {
    HttpResponse<String> anonymous = demo.get("/account");
    assertThat(anonymous.statusCode()).isEqualTo(303);
    assertThat(anonymous.headers().firstValue("location")).hasValue("/login?next=/account");

    String token = demo.tokenFor("u1002", "bob-demo-pass");
    HttpResponse<String> bob = demo.get("/account", "Authorization", "Bearer " + token);
    assertThat(bob.statusCode()).isEqualTo(200);
    assertThat(bob.body()).contains("Signed in as Bob (u1002)", "none", DemoPages.BANNER);
  }

  @Test
  void logoutEndsTheSession() throws Exception {
    String token = demo.tokenFor("u1001", "alice-demo-pass");

    HttpResponse<String> logout = demo.postForm("/logout", Map.of(),
        "Cookie", "demo_session=" + token);

    assertThat(logout.statusCode()).isEqualTo(303);
    assertThat(logout.headers().firstValue("location")).hasValue("/login");
    assertThat(setCookies(logout)).containsExactly("demo_session=; Path=/; Max-Age=0");
    assertThat(demo.get("/api/me", "Authorization", "Bearer " + token).statusCode())
        .isEqualTo(401);
  }

  @Test
  void phoneChangeMovesTheUserToTheNewNumber() throws Exception {
    String token = demo.tokenFor("u1001", "alice-demo-pass");
    String bearer = "Bearer " + token;

    HttpResponse<String> changed = demo.postJson("/api/phone", "{\"phone\":\"136 0000 0001\"}",
        "Authorization", bearer);

    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(changed.body()))
        .isEqualTo(new JsonObject().put("id", "u1001").put("phone", "+8613600000001"));
    assertThat(new JsonObject(demo.get("/api/me", "Authorization", bearer).body())
        .getString("phone")).isEqualTo("+8613600000001");
    // SMS login with the new number reaches Alice; the old number is free for a new account.
    String code = demo.sendCode("13600000001", "+8613600000001");
    assertThat(demo.smsLogin("13600000001", code, null).headers()
        .firstValue("x-authenticated-user")).hasValue("u1001");
  }

  @Test
  void phoneChangeRejectsBadInput() throws Exception {
    String bearer = "Bearer " + demo.tokenFor("u1001", "alice-demo-pass");

    assertThat(demo.postJson("/api/phone", "{\"phone\":\"+8613900139000\"}").statusCode())
        .isEqualTo(401);
    assertThat(demo.postJson("/api/phone", "{\"phone\":\"123\"}", "Authorization", bearer)
        .statusCode()).isEqualTo(400);
    HttpResponse<String> taken = demo.postJson("/api/phone", "{\"phone\":\"+8613900139000\"}",
        "Authorization", bearer);
    assertThat(taken.statusCode()).isEqualTo(409);
    assertThat(new JsonObject(taken.body()).getString("error")).isEqualTo("phone_taken");
  }

  @Test
  void pingIsPlainPong() throws Exception {
    HttpResponse<String> ping = demo.get("/static/ping");

    assertThat(ping.statusCode()).isEqualTo(200);
    assertThat(ping.headers().firstValue("content-type").orElseThrow()).startsWith("text/plain");
    assertThat(ping.body()).isEqualTo("pong");
  }
}
