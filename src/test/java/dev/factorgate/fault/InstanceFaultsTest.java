package dev.factorgate.fault;

import static dev.factorgate.support.GatewayFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.Gateway;
import dev.factorgate.support.Enrolment;
import dev.factorgate.support.GatewayFixture;
import dev.factorgate.support.Http;
import dev.factorgate.support.TestConfig;
import dev.factorgate.support.TestDatabase;
import dev.factorgate.support.TestKeys;
import dev.factorgate.support.TestUpstream;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Faults around instances and the upstream: a dying instance, a stuck upstream. */
class InstanceFaultsTest {

  @Test
  void aLoginHeldByAnInstanceThatDiesIsCompletedByAnother() {
    try (GatewayFixture f = new GatewayFixture()) {
      Enrolment alice = Enrolment.alice(f);
      Gateway doomed = f.b();
      HttpResponse<String> held = f.smsLogin(doomed, ALICE, true);
      String pending = new JsonObject(held.body()).getString("pending_token");
      // the instance is killed mid-challenge: the code was never submitted there
      doomed.close();
      HttpResponse<String> done = f.post(f.a(), "/api/challenge", pending, new JsonObject().put("method", "totp").put("code", alice.code(f)));
      assertThat(done.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(done.body()).getJsonObject("user").getString("id")).isEqualTo("u1001");
    }
  }

  @Test
  void aStuckUpstreamDoesNotStarveOtherRequests() throws Exception {
    try (TestUpstream upstream = new TestUpstream()) {
      upstream.handler(req -> {
        if (req.path().startsWith("/slow")) {
          upstream.vertx().setTimer(6000, t -> req.response().end("late"));
        } else {
          req.response().end("fast");
        }
      });
      String yaml = TestConfig.yaml(upstream.port()).replace("timeout: 2s", "timeout: 20s");
      try (Gateway g = Gateway.start(TestConfig.parse(yaml), TestDatabase.fresh(), TestKeys.keys(), Clock.systemUTC()).await()) {
        String base = "http://127.0.0.1:" + g.publicPort();
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          slow.add(client.sendAsync(Http.request(base + "/slow").build(), HttpResponse.BodyHandlers.ofString()));
        }
        // all hundred are stuck at the upstream now
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> upstream.seen().size() >= 100);
        HttpResponse<String> fast = client.send(Http.request(base + "/fast").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fast.body()).isEqualTo("fast");
        assertThat(slow).as("the fast page was served while every slow one was still waiting").noneMatch(CompletableFuture::isDone);
        assertThat(Http.get("http://127.0.0.1:" + g.adminPort() + "/health").statusCode()).isEqualTo(200);
        for (CompletableFuture<HttpResponse<String>> s : slow) {
          assertThat(s.get().statusCode()).isEqualTo(200);
        }
      }
    }
  }
}
