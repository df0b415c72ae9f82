package dev.factorgate.demo;

import static dev.factorgate.demo.DemoHarness.ALICE_PHONE;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile or broken requests get 4xx answers, never a 500 and never an open redirect. */
class BadInputTest {

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
  @ValueSource(strings = {"//evil.example", "/\\evil", "https://evil", "evil", "/\t/evil.example",
      "/\r\nX-Evil: 1", "/caf\u00e9"})
  void openRedirectsFallBackToRoot(String next) throws Exception {
    String code = demo.sendCode(ALICE_PHONE, ALICE_PHONE);

    HttpResponse<String> login = demo.smsLogin(ALICE_PHONE, code, next);

    assertThat(login.statusCode()).isEqualTo(303);
    assertThat(login.headers().firstValue("location")).hasValue("/");
    assertThat(login.headers().firstValue("x-evil")).isEmpty();
    HttpResponse<String> page = demo.get("/login?next=" + DemoHarness.enc(next));
    assertThat(page.body()).contains("name=\"next\" value=\"/\"");
  }

  @Test
  void sendCarriesOnlySafeNext() throws Exception {
    HttpResponse<String> sent = demo.postForm("/login/sms/send",
        Map.of("phone", ALICE_PHONE, "next", "//evil.example"));

    assertThat(sent.headers().firstValue("location"))
        .hasValue("/login?phone=%2B8613800138000&sent=1&next=%2F");
  }

  @Test
  void malformedJsonIs400() throws Exception {
    for (String body : new String[] {"{\"phone\":", "[1,2]", "42", "", "null"}) {
      HttpResponse<String> response = demo.postJson("/login/sms/send", body);
      assertThat(response.statusCode()).as(body).isEqualTo(400);
      assertThat(new JsonObject(response.body()).getString("error")).as(body)
          .isEqualTo("malformed_json");
    }
    HttpResponse<String> login = demo.postJson("/login/password", "{nope");
    assertThat(login.statusCode()).isEqualTo(400);
    assertThat(setCookies(login)).isEmpty();
  }

  @Test
  void wrongJsonTypesAre400() throws Exception {
    assertThat(demo.postJson("/login/sms", "{\"phone\":8613800138000,\"code\":\"1\"}")
        .statusCode()).isEqualTo(400);
    assertThat(demo.postJson("/login/password", "{\"username\":[\"u1001\"],\"password\":1}")
        .statusCode()).isEqualTo(400);
  }

  @Test
  void oversizedBodyIs413() throws Exception {
    String big = "x".repeat(70 * 1024);

    HttpResponse<String> form = demo.postForm("/login/sms/send", Map.of("phone", big));
    HttpResponse<String> json = demo.postJson("/login/password",
        new JsonObject().put("username", big).put("password", "p").encode());

    assertThat(form.statusCode()).isEqualTo(413);
    assertThat(json.statusCode()).isEqualTo(413);
    assertThat(new JsonObject(json.body()).getString("error")).isEqualTo("payload_too_large");
    // A body just under the limit is still read normally.
    String almost = "x".repeat(60 * 1024);
    assertThat(demo.postForm("/login/sms/send", Map.of("phone", almost)).statusCode())
        .isEqualTo(400);
  }

  @Test
  void brokenEncodingsAreNot500() throws Exception {
    int brokenForm = demo.postRaw("/login/sms/send", "application/x-www-form-urlencoded",
        "phone=%zz%", new String[0]).statusCode();
    int brokenQuery = demo.rawStatus("GET /login?next=%zz&phone=% HTTP/1.1");
    int multipart = demo.postRaw("/login/password", "multipart/form-data; boundary=XyZ",
        "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n\r\n"
            + "hello\r\n--XyZ--\r\n", new String[0]).statusCode();

    assertThat(brokenForm).isEqualTo(400);
    assertThat(brokenQuery).isEqualTo(400);
    assertThat(multipart).isBetween(400, 499);
  }

  @Test
  void unknownPathAndWrongMethodAreHtmlWithBanner() throws Exception {
    HttpResponse<String> missing = demo.get("/no/such/page");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains(DemoPages.BANNER);
    assertThat(demo.get("/login/sms").statusCode()).isIn(404, 405);
  }

  @Test
  void userInputIsEscapedInPages() throws Exception {
    HttpResponse<String> page = demo.get("/login?sent=1&phone="
        + DemoHarness.enc("\"><script>alert(1)</script>"));

    assertThat(page.body()).doesNotContain("<script>")
        .contains("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    HttpResponse<String> failed = demo.postForm("/login/password",
        Map.of("username", "<img src=x onerror=alert(1)>", "password", "x"));
    assertThat(failed.body()).doesNotContain("<img").contains("&lt;img src=x");
  }
}
