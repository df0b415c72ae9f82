package dev.factorgate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.Gateway;
import dev.factorgate.support.Http;
import dev.factorgate.support.TestConfig;
import dev.factorgate.support.TestDatabase;
import dev.factorgate.support.TestKeys;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class UpstreamDownTest {

  @Test
  void anUnreachableUpstreamGives502PageOrProblem() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    try (Gateway gateway = Gateway.start(TestConfig.forUpstream(closed), TestDatabase.fresh(), TestKeys.keys(), Clock.systemUTC()).await()) {
      String base = "http://127.0.0.1:" + gateway.publicPort();
      HttpResponse<String> page = Http.send(Http.request(base + "/").header("Accept", "text/html").build());
      assertThat(page.statusCode()).isEqualTo(502);
      assertThat(page.body()).contains("cannot be reached").doesNotContain("Exception");
      HttpResponse<String> api = Http.send(Http.request(base + "/api/x").header("Accept", "application/json").build());
      assertThat(api.statusCode()).isEqualTo(502);
      assertThat(api.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
  }
}
