package dev.factorgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.Gateway;
import dev.factorgate.RuntimeSecrets;
import dev.factorgate.store.DatabaseTarget;
import dev.factorgate.support.AdminApi;
import dev.factorgate.support.Http;
import dev.factorgate.support.Sql;
import dev.factorgate.support.TestConfig;
import dev.factorgate.support.TestDatabase;
import dev.factorgate.support.TestKeys;
import dev.factorgate.support.TestUpstream;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every admin API route and the dashboard need a token; health, readiness and metrics do not. */
class AdminAuthTest {

  private static final String ENV_TOKEN = AdminTokens.generate(new SecureRandom());

  private TestUpstream upstream;
  private DatabaseTarget db;
  private Gateway gateway;

  @BeforeEach
  void start() {
    upstream = new TestUpstream();
    db = TestDatabase.fresh();
    gateway = Gateway.start(TestConfig.parse(TestConfig.yaml(upstream.port()) + AdminApi.yaml()), db, TestKeys.keys(),
        Clock.systemUTC(), new RuntimeSecrets(ENV_TOKEN, null)).await();
  }

  @AfterEach
  void stop() {
    gateway.close();
    upstream.close();
  }

  @Test
  void withoutATokenEveryAdminRouteIs401WithABearerChallenge() {
    AdminApi anonymous = new AdminApi(gateway, null);
    for (String path : new String[] {"/api/accounts", "/api/accounts/u1", "/api/campaigns", "/api/campaigns/1", "/api/audit"}) {
      HttpResponse<String> r = anonymous.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate")).as(path).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      JsonObject problem = new JsonObject(r.body());
      assertThat(problem.getInteger("status")).isEqualTo(401);
      assertThat(problem.getString("type")).isEqualTo("unauthorized");
    }
    assertThat(anonymous.post("/api/accounts/import", "text/csv", "user_id\nu1\n").statusCode()).isEqualTo(401);
    assertThat(anonymous.post("/api/campaigns", new JsonObject().put("name", "x")).statusCode()).isEqualTo(401);
    assertThat(anonymous.get("/").statusCode()).isEqualTo(401);
    assertThat(new Sql(db).count("select count(*) from accounts")).isZero();
  }

  @Test
  void aWrongTokenIs401AndSaysSo() {
    HttpResponse<String> r = new AdminApi(gateway, AdminApi.TOKEN + "x").get("/api/audit");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
    assertThat(new AdminApi(gateway, "Basic abc").get("/api/audit").statusCode()).isEqualTo(401);
    assertThat(Http.send(Http.request(new AdminApi(gateway).base() + "/api/audit").header("Authorization", "Bearer").build()).statusCode())
        .isEqualTo(401);
  }

  @Test
  void theConfiguredHashAndTheEnvironmentTokenBothWorkAndAreAuditedByName() {
    assertThat(new AdminApi(gateway).get("/api/audit").statusCode()).isEqualTo(200);
    assertThat(new AdminApi(gateway, ENV_TOKEN).get("/api/audit").statusCode()).isEqualTo(200);
    new AdminApi(gateway).post("/api/accounts/import", "text/csv", "user_id\nu1\n");
    new AdminApi(gateway, ENV_TOKEN).post("/api/accounts/import", "text/csv", "user_id\nu2\n");
    JsonObject audit = new AdminApi(gateway).getJson("/api/audit?limit=2");
    assertThat(audit.getJsonArray("entries").stream().map(e -> ((JsonObject) e).getString("actor")))
        .containsExactly("admin:env", "admin:ops");
  }

  @Test
  void healthReadinessAndMetricsStayOpen() {
    AdminApi anonymous = new AdminApi(gateway, null);
    assertThat(anonymous.get("/health").statusCode()).isEqualTo(200);
    assertThat(anonymous.get("/metrics").statusCode()).isEqualTo(200);
    assertThat(anonymous.get("/ready").statusCode()).isIn(200, 503);
  }

  @Test
  void withNoTokenConfiguredNothingIsAccepted() {
    try (TestUpstream other = new TestUpstream();
        Gateway bare = Gateway.start(TestConfig.forUpstream(other.port()), TestDatabase.fresh(), TestKeys.keys(), Clock.systemUTC()).await()) {
      assertThat(new AdminApi(bare).get("/api/audit").statusCode()).isEqualTo(401);
      assertThat(new AdminApi(bare, "").get("/api/audit").statusCode()).isEqualTo(401);
    }
  }

  @Test
  void tokensAreMatchedByTheirHashOnly() {
    AdminTokens tokens = new AdminTokens(
        java.util.List.of(new dev.factorgate.config.GatewayConfig.AdminToken("ops", AdminTokens.sha256Hex("s3cret-token").toUpperCase())), null);
    assertThat(tokens.authenticate("s3cret-token")).isEqualTo("ops");
    assertThat(tokens.authenticate("s3cret-token ")).isNull();
    assertThat(tokens.authenticate(null)).isNull();
    assertThat(tokens.authenticate("x".repeat(10_000))).isNull();
    assertThat(AdminTokens.generate(new SecureRandom())).hasSize(43).matches("[A-Za-z0-9_-]+");
  }
}
