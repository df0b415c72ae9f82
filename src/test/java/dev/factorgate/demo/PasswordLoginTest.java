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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** Password login: same success and failure shapes as SMS login. */
class PasswordLoginTest {

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

  @ParameterizedTest
  @ValueSource(strings = {"u1001", "alice@example.com", "ALICE@example.com", "+8613800138000",
      "138 0013 8000"})
  void formLoginAcceptsIdEmailOrPhone(String username) throws Exception {
    HttpResponse<String> login = demo.postForm("/login/password",
        Map.of("username", username, "password", "alice-demo-pass", "next", "/account?tab=1"));

    assertThat(login.statusCode()).isEqualTo(303);
    assertThat(login.headers().firstValue("location")).hasValue("/account?tab=1");
    assertThat(login.headers().firstValue("x-authenticated-user")).hasValue("u1001");
    assertThat(setCookies(login)).hasSize(2);
    assertThat(setCookies(login).get(0)).startsWith("demo_session=")
        .endsWith("; Path=/; HttpOnly; SameSite=Lax");
    assertThat(setCookies(login).get(1)).isEqualTo("demo_seen=1; Path=/; Max-Age=31536000");
  }

  @Test
  void wrongPasswordIs401WithoutCookies() throws Exception {
    HttpResponse<String> login = demo.postForm("/login/password",
        Map.of("username", "u1001", "password", "bob-demo-pass"));

    assertThat(login.statusCode()).isEqualTo(401);
    assertThat(setCookies(login)).isEmpty();
    assertThat(login.headers().firstValue("x-authenticated-user")).isEmpty();
    assertThat(login.body()).contains("Wrong username or password", "value=\"u1001\"",
        DemoPages.BANNER);
  }

  @Test
  void unknownUserAndSmsOnlyUserAre401() throws Exception {
    assertThat(demo.postForm("/login/password",
        Map.of("username", "nobody", "password", "x")).statusCode()).isEqualTo(401);
    // An SMS-registered account has no password; an empty one must not open it.
    String code = demo.sendCode("13712345678", "+8613712345678");
    assertThat(demo.smsLogin("13712345678", code, null).statusCode()).isEqualTo(303);
    assertThat(demo.postForm("/login/password",
        Map.of("username", "u2000", "password", "")).statusCode()).isEqualTo(401);
  }

  @Test
  void jsonLoginShape() throws Exception {
    HttpResponse<String> login = demo.postJson("/login/password",
        "{\"username\":\"carol@example.com\",\"password\":\"carol-demo-pass\"}");

    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.headers().firstValue("x-authenticated-user")).hasValue("u1003");
    assertThat(setCookies(login)).hasSize(2);
    JsonObject body = new JsonObject(login.body());
    assertThat(body.getJsonObject("user")).isEqualTo(new JsonObject().put("id", "u1003")
        .put("name", "Carol").put("phone", "+14155550123").put("email", "carol@example.com"));
    assertThat(body.getString("token")).isNotBlank();
  }

  @Test
  void jsonFailureIsInvalidCredentials() throws Exception {
    HttpResponse<String> login = demo.postJson("/login/password",
        "{\"username\":\"u1002\",\"password\":\"wrong\"}");

    assertThat(login.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(login.body()).getString("error")).isEqualTo("invalid_credentials");
    assertThat(setCookies(login)).isEmpty();
  }

  @Test
  void acceptHeaderAloneSelectsJsonForAFormPost() throws Exception {
    HttpResponse<String> login = demo.postForm("/login/password",
        Map.of("username", "u1002", "password", "bob-demo-pass"), "Accept", "application/json");

    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(login.body()).getJsonObject("user").getString("id"))
        .isEqualTo("u1002");
  }
}
