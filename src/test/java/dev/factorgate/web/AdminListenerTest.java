package dev.factorgate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.factorgate.Gateway;
import dev.factorgate.store.DatabaseTarget;
import dev.factorgate.store.EmbeddedDatabase;
import dev.factorgate.support.Http;
import dev.factorgate.support.TestConfig;
import dev.factorgate.support.TestDatabase;
import dev.factorgate.support.TestKeys;
import dev.factorgate.support.TestUpstream;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdminListenerTest {

  @Test
  void healthReadyAndMetrics() {
    try (TestUpstream upstream = new TestUpstream();
        Gateway gateway = Gateway.start(TestConfig.forUpstream(upstream.port()), TestDatabase.fresh(), TestKeys.keys(), Clock.systemUTC()).await()) {
      String admin = "http://127.0.0.1:" + gateway.adminPort();
      assertThat(Http.get(admin + "/health").statusCode()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(admin + "/ready").statusCode() == 200);
      Http.get("http://127.0.0.1:" + gateway.publicPort() + "/warm");
      String metrics = Http.get(admin + "/metrics").body();
      assertThat(metrics).contains("vertx_http_server_requests_total").contains("vertx_http_client_requests_total");
      // the names and tags of vertx-micrometer-metrics, recorded by HttpMetrics
      assertThat(metrics)
          .contains("vertx_http_server_requests_total{code=\"200\",method=\"GET\"}")
          .contains("vertx_http_server_response_time_seconds_count{code=\"200\",method=\"GET\"}")
          .contains("vertx_http_client_requests_total{method=\"GET\"}")
          .contains("vertx_http_client_responses_total{code=\"200\",method=\"GET\"}")
          .contains("vertx_http_server_active_connections");
      assertThat(Http.get(admin + "/nothing").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void startsWithoutItsDatabaseServesPassthroughAndBecomesReadyWhenTheDatabaseAppears() throws Exception {
    int pgPort;
    try (ServerSocket s = new ServerSocket(0)) {
      pgPort = s.getLocalPort();
    }
    DatabaseTarget missing = new DatabaseTarget("127.0.0.1", pgPort, "postgres", "postgres", null, null);
    try (TestUpstream upstream = new TestUpstream();
        Gateway gateway = Gateway.start(TestConfig.forUpstream(upstream.port()), missing, TestKeys.keys(), Clock.systemUTC()).await()) {
      String admin = "http://127.0.0.1:" + gateway.adminPort();
      assertThat(Http.get(admin + "/ready").statusCode()).isEqualTo(503);
      assertThat(Http.get(admin + "/health").statusCode()).isEqualTo(200);
      assertThat(Http.get("http://127.0.0.1:" + gateway.publicPort() + "/page").body()).isEqualTo("upstream /page");
      try (EmbeddedDatabase late = EmbeddedDatabase.start(null, pgPort)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(admin + "/ready").statusCode() == 200);
      }
    }
  }
}
