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
  void removesForgeableHeadersAndGatewayCookiesBeforeTheUpstream() {
    Http.send(
        Http.request(base + "/account")
            .header("X-Authenticated-User", "admin")
            .header("X-Factorgate-Decision", "release")
            .header("Cookie", "demo_session=abc; fg_session=secret; fg_pending=p; other=1")
            .build());
    TestUpstream.Seen seen = upstream.last();
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
