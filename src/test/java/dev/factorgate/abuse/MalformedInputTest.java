package dev.factorgate.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.support.AdminApi;
import dev.factorgate.support.Enrolment;
import dev.factorgate.support.GatewayFixture;
import dev.factorgate.support.Http;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A battery of malformed input against every public endpoint of SPEC section 7, with valid,
 * forged and missing credentials: every answer is below 500, JSON endpoints answer problem+json,
 * and the gateway is healthy afterwards.
 */
class MalformedInputTest {

  private static GatewayFixture f;
  private static Enrolment alice;
  private static String pending;

  @BeforeAll
  static void start() {
    String outbox;
    try {
      outbox = java.nio.file.Files.createTempDirectory("fg-outbox").toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    f = new GatewayFixture("policy: { lockout: { per_ip_per_minute: 100000, delay_after: 100000, lock_after: 100001 } }\n"
        + "email: { outbox_dir: '" + outbox + "' }\n");
    alice = Enrolment.alice(f);
    pending = f.heldApiLogin(f.a(), GatewayFixture.ALICE);
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  private static final String[] JSON_POSTS = {
    "/api/challenge", "/api/challenge/email", "/api/enrol/later", "/api/release", "/api/factors/totp",
    "/api/factors/" + UUID.randomUUID() + "/confirm", "/api/factors/email", "/api/step-up", "/api/step-up/email",
    "/api/sms-only", "/api/recovery-codes", "/api/factors/not-a-uuid/confirm", "/api/factors/%00/confirm"
  };

  private static final String[] FORM_POSTS = {
    "/challenge", "/challenge/email", "/enrol/later", "/release", "/totp", "/totp/" + UUID.randomUUID() + "/confirm",
    "/email", "/email/x/confirm", "/factors/" + UUID.randomUUID() + "/remove", "/recovery-codes", "/recovery-codes/saved",
    "/sms-only", "/step-up", "/step-up/email", "/enrolment-link", "/report"
  };

  private static final String[] GETS = {
    "/challenge", "/enrol", "/settings", "/step-up", "/api/factors", "/enrolment-link/x", "/report/" + "A".repeat(200),
    "/static/../../etc/passwd", "/static/%2e%2e/x", "/api/factors?x=%FF%FE"
  };

  private static final List<String> BODIES = List.of(
      "", "{", "[]", "null", "\"str\"", "42", "{\"method\":123,\"code\":true}", "{\"method\":[],\"code\":{}}",
      "{\"method\":\"totp\",\"code\":\"\\u0000\\u0000\"}", "{\"method\":\"totp\",\"code\":\"' OR '1'='1\"}",
      "{\"method\":\"../../etc/passwd\",\"code\":\"123456\"}", "{\"allowed\":\"true\"}", "{\"address\":\"a@b.c\\r\\nBcc: x@y.z\"}",
      "{\"code\":\"١٢٣٤٥٦\"}", "{\"code\":\"" + "9".repeat(10_000) + "\"}", "\u0000\u0001\u0002", "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}",
      "method=totp&code=123456", "{\"method\":\"totp\",\"code\":\"123456\",\"method\":\"recovery\"}");

  private static List<String[]> credentials() {
    List<String[]> c = new ArrayList<>();
    c.add(new String[] {});
    c.add(new String[] {"Authorization", "Bearer " + pending});
    c.add(new String[] {"Authorization", "Bearer " + alice.session()});
    c.add(new String[] {"Authorization", "Bearer ' or 1=1 --"});
    c.add(new String[] {"Authorization", "Basic Zm9vOmJhcg=="});
    c.add(new String[] {"Cookie", "fg_session=" + "x".repeat(4000) + "; fg_pending=%00%ff"});
    c.add(new String[] {"Factorgate-Session", "../../"});
    return c;
  }

  private static void check(HttpResponse<String> r, String what) {
    assertThat(r.statusCode()).as(what + " -> " + r.body()).isLessThan(500);
    if (what.contains("/api/") && r.statusCode() >= 400) {
      assertThat(r.headers().firstValue("Content-Type").orElse("")).as(what).isEqualTo("application/problem+json");
    }
  }

  private static String base() {
    return GatewayFixture.base(f.a()) + "/_factorgate";
  }

  @Test
  void jsonEndpointsSurviveEveryMalformedBody() {
    for (String path : JSON_POSTS) {
      for (String[] cred : credentials()) {
        for (String body : BODIES) {
          HttpRequest.Builder r = Http.request(base() + path).header("Content-Type", "application/json").header("Accept", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
          if (cred.length == 2) {
            r.header(cred[0], cred[1]);
          }
          check(Http.send(r.build()), "POST " + path + " " + (cred.length == 2 ? cred[0] : "-") + " " + body.substring(0, Math.min(40, body.length())));
        }
      }
    }
  }

  @Test
  void formEndpointsSurviveForgedFormsAndCookies() {
    for (String path : FORM_POSTS) {
      for (String[] cred : credentials()) {
        for (String body : List.of("", "csrf=x&method=totp&code=123456", "csrf=%00&code=%FF%FE", "code=" + "1".repeat(5000),
            "allowed=maybe&csrf=", "token=" + "a".repeat(300) + "&csrf=x", "method=../x&code=' or 1=1")) {
          HttpRequest.Builder r = Http.request(base() + path).header("Content-Type", "application/x-www-form-urlencoded")
              .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString(body));
          if (cred.length == 2) {
            r.header(cred[0], cred[1]);
          }
          check(Http.send(r.build()), "POST " + path);
        }
      }
    }
  }

  @Test
  void pagesAndListsSurviveForgedCredentials() {
    for (String path : GETS) {
      for (String[] cred : credentials()) {
        HttpRequest.Builder r = Http.request(base() + path);
        if (cred.length == 2) {
          r.header(cred[0], cred[1]);
        }
        check(Http.send(r.build()), "GET " + path);
      }
    }
  }

  @Test
  void anUndecodableQueryStringIsA400EverywhereNotAHangOrA500() throws Exception {
    int port = f.a().publicPort();
    String report = "/report/" + "A".repeat(43);
    for (String path : new String[] {"/challenge", "/settings", "/enrolment-link/x", report, "/api/factors", "/step-up"}) {
      assertThat(raw(port, "GET /_factorgate" + path + "?x=%zz", "Authorization: Bearer " + pending, ""))
          .as("GET " + path).startsWith("HTTP/1.1 400");
    }
    assertThat(raw(port, "POST /_factorgate/api/challenge?x=%zz", "Authorization: Bearer " + pending + "\r\nContent-Type: application/json",
        "{\"method\":\"totp\",\"code\":\"000000\"}")).startsWith("HTTP/1.1 400").contains("application/problem+json");
    assertThat(raw(port, "POST /_factorgate/challenge?x=%zz", "Content-Type: application/x-www-form-urlencoded", "method=totp&code=000000"))
        .startsWith("HTTP/1.1 400");
    assertThat(raw(f.a().adminPort(), "GET /api/audit?user_id=%zz", "Authorization: Bearer " + AdminApi.TOKEN, ""))
        .startsWith("HTTP/1.1 400").contains("application/problem+json");
  }

  /** One request written by hand (an HTTP client refuses to send such a target): the status line and headers. */
  private static String raw(int port, String requestLine, String headers, String body) throws java.io.IOException {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      byte[] b = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      String head = requestLine + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\nContent-Length: " + b.length + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      socket.getOutputStream().write(b);
      String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
      int end = answer.indexOf("\r\n\r\n");
      return end < 0 ? answer : answer.substring(0, end);
    }
  }

  @Test
  void oversizedAndWronglyTypedBodiesAreClear4xx() {
    HttpResponse<String> big = Http.send(Http.request(base() + "/api/challenge").header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + pending).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2 * 1024 * 1024])).build());
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(big.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    HttpResponse<String> xml = Http.send(Http.request(base() + "/api/challenge").header("Content-Type", "application/xml")
        .header("Authorization", "Bearer " + pending).POST(HttpRequest.BodyPublishers.ofString("<a/>")).build());
    assertThat(xml.statusCode()).isEqualTo(415);
    HttpResponse<String> method = Http.send(Http.request(base() + "/api/challenge").method("PATCH", HttpRequest.BodyPublishers.noBody()).build());
    assertThat(method.statusCode()).isBetween(400, 499);
  }

  @Test
  void theGatewayIsHealthyAfterwardsAndTheHeldLoginStillCompletes() {
    jsonEndpointsSurviveEveryMalformedBody();
    assertThat(Http.get("http://127.0.0.1:" + f.a().adminPort() + "/ready").statusCode()).isEqualTo(200);
    String fresh = f.heldApiLogin(f.a(), GatewayFixture.ALICE);
    f.sql.update("update throttles set consecutive_failures = 0, next_attempt_at = null, locked_at = null");
    HttpResponse<String> ok = f.post(f.a(), "/api/challenge", fresh,
        new io.vertx.core.json.JsonObject().put("method", "totp").put("code", alice.code(f)));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
  }
}
