package dev.factorgate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.Gateway;
import dev.factorgate.support.Http;
import dev.factorgate.support.TestConfig;
import dev.factorgate.support.TestDatabase;
import dev.factorgate.support.TestKeys;
import dev.factorgate.support.TestUpstream;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Everything outside the prefix reaches the real upstream unchanged, minus what a client must not forge. */
class PassthroughTest {

  private static TestUpstream upstream;
  private static Gateway gateway;
  private static String base;

  @BeforeAll
  static void start() {
    upstream = new TestUpstream();
    gateway = Gateway.start(TestConfig.forUpstream(upstream.port()), TestDatabase.fresh(), TestKeys.keys(), Clock.systemUTC()).await();
    base = "http://127.0.0.1:" + gateway.publicPort();
  }

  @AfterAll
  static void stop() {
    gateway.close();
    upstream.close();
  }

  @BeforeEach
  void defaultHandler() {
    upstream.handler(req -> req.response().putHeader("Content-Type", "text/plain").putHeader("X-Upstream", "yes").end("upstream " + req.uri()));
  }

  @Test
  void proxiesPagesWithQueryAndHeaders() {
    HttpResponse<String> r = Http.get(base + "/some/page?q=1&x=%E4%BD%A0");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("upstream /some/page?q=1&x=%E4%BD%A0");
    assertThat(r.headers().firstValue("X-Upstream")).hasValue("yes");
  }

  @Test
  void madeUpMethodsShareOneMetricInsteadOfGrowingTheRegistry() {
    for (int i = 0; i < 20; i++) {
      Http.send(Http.request(base + "/page").method("MADEUP" + i, java.net.http.HttpRequest.BodyPublishers.noBody()).build());
    }
    String metrics = Http.get("http://127.0.0.1:" + gateway.adminPort() + "/metrics").body();
    assertThat(metrics).doesNotContain("MADEUP").contains("method=\"OTHER\"");
  }

  @Test
  void removesForgeableHeadersAndGatewayCookiesBeforeTheUpstream() {
    Http.send(
        Http.request(base + "/account")
            .header("X-Authenticated-User", "admin")
            .header("X-Factorgate-Decision", "release")
            .header("Cookie", "demo_session=abc; fg_session=secret; fg_pending=p; other=1")
            .header("Factorgate-Session", "the-gateway-session-token")
            .build());
    TestUpstream.Seen seen = upstream.last();
    assertThat(seen.headers().get("Factorgate-Session")).isNull();
    assertThat(seen.headers().get("X-Authenticated-User")).isNull();
    assertThat(seen.headers().get("X-Factorgate-Decision")).isNull();
    assertThat(seen.headers().get("Cookie")).isEqualTo("demo_session=abc; other=1");
  }

  @Test
  void setsForwardedHeadersAndIgnoresForgedOnesFromUntrustedPeers() {
    Http.send(Http.request(base + "/").header("X-Forwarded-For", "6.6.6.6").header("X-Forwarded-Proto", "https").build());
    TestUpstream.Seen seen = upstream.last();
    assertThat(seen.headers().get("X-Forwarded-For")).isEqualTo("127.0.0.1");
    assertThat(seen.headers().get("X-Forwarded-Proto")).isEqualTo("http");
  }

  @Test
  void streamsLargeBodiesBothWays() {
    byte[] big = new byte[5 * 1024 * 1024];
    Arrays.fill(big, (byte) 'a');
    upstream.responder((req, b) -> req.response().end("got " + b.length()));
    HttpResponse<String> r = Http.send(Http.request(base + "/upload").POST(HttpRequest.BodyPublishers.ofByteArray(big)).build());
    assertThat(r.body()).isEqualTo("got " + big.length);
    upstream.handler(req -> req.response().end(io.vertx.core.buffer.Buffer.buffer(big)));
    assertThat(Http.get(base + "/download").body()).hasSize(big.length);
  }

  @Test
  void aSlowUpstreamGives504AsProblemJsonForApiClients() {
    upstream.handler(req -> upstream.vertx().setTimer(4000, t -> req.response().end("late")));
    HttpResponse<String> r = Http.send(Http.request(base + "/api/slow").header("Accept", "application/json").build());
    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(new JsonObject(r.body()).getInteger("status")).isEqualTo(504);
  }

  @Test
  void answersKeepEveryHeaderButHopByHopOnesAndTheIdentityHeader() {
    upstream.handler(
        req -> {
          var res = req.response().setChunked(true);
          res.headers()
              .add("Set-Cookie", "a=1; Path=/")
              .add("Set-Cookie", "b=2; Path=/")
              .add("X-Authenticated-User", "bob")
              .add("Keep-Alive", "timeout=5")
              .add("Proxy-Connection", "keep-alive")
              .add("Cache-Control", "private");
          res.write("part one, ");
          upstream.vertx().setTimer(50, t -> res.end("part two"));
        });
    HttpResponse<String> r = Http.get(base + "/chunked");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("part one, part two");
    assertThat(r.headers().allValues("Set-Cookie")).containsExactly("a=1; Path=/", "b=2; Path=/");
    assertThat(r.headers().firstValue("X-Authenticated-User")).isEmpty();
    assertThat(r.headers().firstValue("Keep-Alive")).isEmpty();
    assertThat(r.headers().firstValue("Proxy-Connection")).isEmpty();
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("private");
    assertThat(r.headers().firstValue("Date")).isPresent();
  }

  @Test
  void hopByHopRequestHeadersStayAtTheGatewayAndTheHostIsForwarded() throws Exception {
    String answer =
        raw(
            "GET /hop HTTP/1.1\r\nHost: site.example\r\nConnection: keep-alive\r\nKeep-Alive: 300\r\n"
                + "TE: trailers\r\nProxy-Authorization: Basic eDp5\r\nProxy-Connection: keep-alive\r\nX-Forwarded-Host: evil.example\r\n"
                + "X-Real-IP: 6.6.6.6\r\nForwarded: for=6.6.6.6\r\nX-Other: kept\r\nConnection: close\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 200").endsWith("upstream /hop");
    io.vertx.core.MultiMap seen = upstream.last().headers();
    assertThat(seen.get("Keep-Alive")).isNull();
    assertThat(seen.get("TE")).isNull();
    assertThat(seen.get("Proxy-Authorization")).isNull();
    assertThat(seen.get("Proxy-Connection")).isNull();
    assertThat(seen.get("X-Real-IP")).isNull();
    assertThat(seen.get("Forwarded")).isNull();
    assertThat(seen.getAll("X-Forwarded-Host")).containsExactly("site.example");
    assertThat(seen.get("X-Other")).isEqualTo("kept");
  }

  @Test
  void anHttp10ClientGetsAChunkedAnswerWithItsLength() throws Exception {
    upstream.handler(req -> req.response().setChunked(true).write("one ").onSuccess(v -> req.response().end("two")));
    String answer = raw("GET /old HTTP/1.0\r\nHost: site.example\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.0 200").contains("content-length: 7").endsWith("one two");
  }

  @Test
  void bodilessAnswersStayBodiless() throws Exception {
    upstream.handler(req -> req.response().setStatusCode(304).putHeader("ETag", "\"v1\"").end());
    HttpResponse<String> r = Http.get(base + "/cached");
    assertThat(r.statusCode()).isEqualTo(304);
    assertThat(r.headers().firstValue("ETag")).hasValue("\"v1\"");
    assertThat(r.headers().firstValue("Transfer-Encoding")).isEmpty();
    upstream.handler(req -> req.response().putHeader("Content-Type", "text/plain").end("a body HEAD must not get"));
    HttpResponse<String> head = Http.send(Http.request(base + "/head").method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void aBadTransferEncodingIsRefused() throws Exception {
    String answer = raw("POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n0\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 400");
  }

  /** One request over a plain socket, for what the JDK client will not send; the whole answer. */
  private static String raw(String request) throws java.io.IOException {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", gateway.publicPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void ambiguousPathsAreRefused() {
    for (String path : new String[] {"/x/../login/sms", "/login//sms", "/%2e%2e/login", "/a%2Fb", "/a/./b"}) {
      assertThat(Http.get(base + path).statusCode()).as(path).isEqualTo(400);
    }
  }

  @Test
  void unknownGatewayPathsAre404ProblemsNotUpstreamPages() {
    HttpResponse<String> r = Http.get(base + "/_factorgate/api/nothing-here");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    HttpResponse<String> page = Http.get(base + "/_factorgate/nothing");
    assertThat(page.statusCode()).isEqualTo(404);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("frame-ancestors 'none'");
  }
}
