package dev.factorgate.demo;

import static dev.factorgate.demo.DemoHarness.ALICE_PHONE;
import static dev.factorgate.demo.DemoHarness.setCookies;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "phone + SMS code" login over real HTTP, as the gateway will see it. */
class SmsLoginTest {

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
  void sendWritesTheCodeToTheOutboxAndRedirectsToTheCodeStep() throws Exception {
    HttpResponse<String> sent = demo.postForm("/login/sms/send",
        Map.of("phone", "+86 138 0013 8000", "next", "/account"));

    assertThat(sent.statusCode()).isEqualTo(303);
    assertThat(sent.headers().firstValue("location")).hasValue(
        "/login?phone=%2B8613800138000&sent=1&next=%2Faccount");
    String code = demo.upstream().outbox().lastCode(ALICE_PHONE).orElseThrow();
    assertThat(code).matches("\\d{6}");
    List<String> lines = Files.readAllLines(outbox.resolve("sms.log"));
    assertThat(lines).hasSize(1);
    String[] parts = lines.get(0).split(" ");
    assertThat(parts).hasSize(3);
    assertThat(Instant.parse(parts[0])).isBeforeOrEqualTo(Instant.now());
    assertThat(parts[1]).isEqualTo(ALICE_PHONE);
    assertThat(parts[2]).isEqualTo(code);
  }

  @Test
  void codeStepPageHasPhonePrefilledAndCodeField() throws Exception {
    HttpResponse<String> page = demo.get("/login?phone=%2B8613800138000&sent=1&next=%2Faccount");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("<html lang=\"en\">", DemoPages.BANNER)
        .contains("action=\"/login/sms\"", "name=\"code\"", "value=\"+8613800138000\"")
        .contains("name=\"next\" value=\"/account\"");
  }

  @Test
  void jsonSendAnswers202AndNationalSpellingIsTheSameUser() throws Exception {
    HttpResponse<String> sent = demo.postJson("/login/sms/send", "{\"phone\":\"13800138000\"}");

    assertThat(sent.statusCode()).isEqualTo(202);
    assertThat(new JsonObject(sent.body())).isEqualTo(new JsonObject().put("sent", true));
    assertThat(demo.upstream().outbox().lastCode(ALICE_PHONE)).isPresent();
  }

  @Test
  void formLoginSetsBothCookiesAndNamesTheUser() throws Exception {
    String code = demo.sendCode("13800138000", ALICE_PHONE);

    HttpResponse<String> login = demo.smsLogin("+86 138 0013 8000", code, "/account");

    assertThat(login.statusCode()).isEqualTo(303);
    assertThat(login.headers().firstValue("location")).hasValue("/account");
    assertThat(login.headers().firstValue("x-authenticated-user")).hasValue("u1001");
    List<String> cookies = setCookies(login);
    assertThat(cookies).hasSize(2);
    assertThat(cookies.get(0)).matches("demo_session=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Lax");
    assertThat(cookies.get(1)).isEqualTo("demo_seen=1; Path=/; Max-Age=31536000");

    String session = cookies.get(0).substring(0, cookies.get(0).indexOf(';'));
    HttpResponse<String> me = demo.get("/api/me", "Cookie", session);
    assertThat(new JsonObject(me.body()).getString("id")).isEqualTo("u1001");
  }

  @Test
  void aCodeWorksOnlyOnce() throws Exception {
    String code = demo.sendCode(ALICE_PHONE, ALICE_PHONE);
    assertThat(demo.smsLogin(ALICE_PHONE, code, null).statusCode()).isEqualTo(303);

    HttpResponse<String> again = demo.smsLogin(ALICE_PHONE, code, null);

    assertThat(again.statusCode()).isEqualTo(401);
    assertThat(setCookies(again)).isEmpty();
    assertThat(again.headers().firstValue("x-authenticated-user")).isEmpty();
  }

  @Test
  void wrongCodeIs401WithTheFormAndNoCookies() throws Exception {
    String code = demo.sendCode(ALICE_PHONE, ALICE_PHONE);
    String wrong = code.equals("000000") ? "000001" : "000000";

    HttpResponse<String> login = demo.smsLogin(ALICE_PHONE, wrong, "/account");

    assertThat(login.statusCode()).isEqualTo(401);
    assertThat(setCookies(login)).isEmpty();
    assertThat(login.headers().firstValue("x-authenticated-user")).isEmpty();
    assertThat(login.body()).contains("Wrong or expired code", "action=\"/login/sms\"",
        DemoPages.BANNER);
    // The right code still works after one wrong guess.
    assertThat(demo.smsLogin(ALICE_PHONE, code, null).statusCode()).isEqualTo(303);
  }

  @Test
  void jsonLoginReturnsUserAndToken() throws Exception {
    String code = demo.sendCode("13900139000", "+8613900139000");

    HttpResponse<String> login = demo.postJson("/login/sms",
        new JsonObject().put("phone", "13900139000").put("code", code).encode());

    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(login.headers().firstValue("x-authenticated-user")).hasValue("u1002");
    assertThat(setCookies(login)).hasSize(2);
    JsonObject body = new JsonObject(login.body());
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("user", "token");
    assertThat(body.getJsonObject("user")).isEqualTo(new JsonObject().put("id", "u1002")
        .put("name", "Bob").put("phone", "+8613900139000").putNull("email"));
    assertThat(body.getString("token")).matches("[A-Za-z0-9_-]{43}");
    assertThat(setCookies(login).get(0)).startsWith("demo_session=" + body.getString("token") + ";");
  }

  @Test
  void jsonWrongCodeIsInvalidCode() throws Exception {
    demo.sendCode(ALICE_PHONE, ALICE_PHONE);

    HttpResponse<String> login = demo.postJson("/login/sms",
        "{\"phone\":\"+8613800138000\",\"code\":\"12345x\"}");

    assertThat(login.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(login.body())).isEqualTo(new JsonObject().put("error", "invalid_code"));
    assertThat(setCookies(login)).isEmpty();
  }

  @Test
  void unknownValidPhoneRegistersANewUser() throws Exception {
    String code = demo.sendCode("137 1234 5678", "+8613712345678");

    HttpResponse<String> login = demo.postJson("/login/sms",
        new JsonObject().put("phone", "+8613712345678").put("code", code).encode());

    assertThat(login.statusCode()).isEqualTo(200);
    JsonObject user = new JsonObject(login.body()).getJsonObject("user");
    assertThat(user.getString("id")).isEqualTo("u2000");
    assertThat(user.getString("phone")).isEqualTo("+8613712345678");
    assertThat(user.containsKey("email")).isTrue();
    assertThat(user.getString("email")).isNull();
    assertThat(login.headers().firstValue("x-authenticated-user")).hasValue("u2000");

    // Signing in again with the same number finds the same account.
    String again = demo.sendCode("13712345678", "+8613712345678");
    assertThat(demo.smsLogin("13712345678", again, null).headers()
        .firstValue("x-authenticated-user")).hasValue("u2000");
  }

  @Test
  void invalidPhoneIs400() throws Exception {
    assertThat(demo.postForm("/login/sms/send", Map.of("phone", "12345")).statusCode())
        .isEqualTo(400);
    HttpResponse<String> json = demo.postJson("/login/sms/send", "{\"phone\":\"not a phone\"}");
    assertThat(json.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(json.body()).getString("error")).isEqualTo("invalid_phone");
    assertThat(demo.postForm("/login/sms/send", Map.of()).statusCode()).isEqualTo(400);
    assertThat(demo.smsLogin("+86 123", "123456", null).statusCode()).isEqualTo(400);
    assertThat(outbox.resolve("sms.log")).doesNotExist();
  }
}
