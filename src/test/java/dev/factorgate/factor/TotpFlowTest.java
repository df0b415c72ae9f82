package dev.factorgate.factor;

import static dev.factorgate.support.GatewayFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.support.GatewayFixture;
import dev.factorgate.support.Http;
import dev.factorgate.support.Otp;
import dev.factorgate.support.QrDecode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Enrol an authenticator through the JSON API, then pass challenges with it — codes computed independently. */
class TotpFlowTest {

  private GatewayFixture f;

  @BeforeEach
  void start() {
    f = new GatewayFixture();
  }

  @AfterEach
  void stop() {
    f.close();
  }

  /** Enrols Alice's first authenticator during a nudged login; returns its base32 secret and the recovery codes. */
  private Enrolled enrol() {
    f.aliceInNudgeCampaign();
    String pending = f.heldApiLogin(f.a(), ALICE);
    HttpResponse<String> begun = f.post(f.a(), "/api/factors/totp", pending, null);
    assertThat(begun.statusCode()).isEqualTo(201);
    assertThat(begun.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonObject t = new JsonObject(begun.body());
    String uri = t.getString("otpauth_uri");
    assertThat(uri).startsWith("otpauth://totp/factorgate:alice%40example.com?secret=").contains("&issuer=factorgate");
    assertThat(QrDecode.text(Base64.getDecoder().decode(t.getString("qr_png_base64")))).isEqualTo(uri);
    String secret = t.getString("secret");
    assertThat(Otp.secretOf(uri)).isEqualTo(secret);
    assertThat(Base64.getDecoder().decode(t.getString("qr_png_base64"))).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');

    HttpResponse<String> confirmed = f.post(f.a(), "/api/factors/" + t.getString("id") + "/confirm", pending,
        new JsonObject().put("code", Otp.code(secret, f.clock.instant())));
    assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
    JsonObject c = new JsonObject(confirmed.body());
    assertThat(c.getString("status")).isEqualTo("active");
    JsonArray codes = c.getJsonArray("recovery_codes");
    assertThat(codes).hasSize(10);
    assertThat(codes.getString(0)).matches("[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}");

    HttpResponse<String> released = f.post(f.a(), "/api/release", pending, null);
    assertThat(released.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(released.body()).getJsonObject("user").getString("id")).isEqualTo("u1001");
    String session = released.headers().firstValue("Factorgate-Session").orElseThrow();
    List<String> list = new ArrayList<>();
    codes.forEach(x -> list.add((String) x));
    f.clock.advance(Duration.ofSeconds(30)); // the confirming code's step is used up
    return new Enrolled(t.getString("id"), secret, list, session);
  }

  record Enrolled(String id, String secret, List<String> recoveryCodes, String session) {}

  @Test
  void enrolsThenPassesTheChallengeWithACodeFromTheApp() {
    Enrolled e = enrol();
    assertThat(f.sql.value("select login_policy from accounts")).isEqualTo("second_factor_required");
    assertThat(f.sql.value("select state from campaign_members")).isEqualTo("enrolled");
    assertThat(f.sql.count("select count(*) from recovery_codes where used_at is null")).isEqualTo(10);
    // the secret is stored sealed only
    byte[] stored = (byte[]) f.sql.value("select secret from factors");
    assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(e.secret());

    HttpResponse<String> held = f.smsLogin(f.a(), ALICE, true);
    JsonObject h = new JsonObject(held.body());
    assertThat(h.getString("error")).isEqualTo("second_factor_required");
    assertThat(h.getJsonArray("methods").getList()).containsExactly("totp", "recovery");
    HttpResponse<String> passed = f.post(f.a(), "/api/challenge", h.getString("pending_token"),
        new JsonObject().put("method", "totp").put("code", Otp.code(e.secret(), f.clock.instant())));
    assertThat(passed.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(passed.body()).getJsonObject("user").getString("id")).isEqualTo("u1001");
    assertThat(passed.headers().firstValue("Factorgate-Session")).isPresent().get().isNotEqualTo(e.session());
    assertThat(Http.get("http://127.0.0.1:" + f.a().adminPort() + "/metrics").body())
        .contains("factorgate_challenges_total{factor=\"totp\",outcome=\"success\"} 1.0")
        .contains("factorgate_enrolments_total{factor=\"totp\"} 1.0");
    // one audit entry for the verified code and the release it led to
    assertThat(f.sql.count("select count(*) from audit_log where user_id = 'u1001' and action = 'challenge' and outcome = 'success' "
        + "and detail->>'method' = 'totp' and detail->>'released' = 'true' and detail->>'pending_outcome' = 'challenge'")).isEqualTo(1);
    assertThat(f.sql.count("select count(*) from audit_log where user_id = 'u1001' and action = 'release' and outcome = 'totp'")).isZero();
  }

  @Test
  void aHeldLoginIsReleasedOnceAndEveryCodeSpentOnItIsAudited() {
    Enrolled e = enrol();
    String p = f.heldApiLogin(f.a(), ALICE);
    // four requests for one held login at once, each with its own valid recovery code
    List<CompletableFuture<HttpResponse<String>>> all = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      JsonObject body = new JsonObject().put("method", "recovery").put("code", e.recoveryCodes().get(i));
      dev.factorgate.Gateway g = i % 2 == 0 ? f.a() : f.b();
      all.add(CompletableFuture.supplyAsync(() -> f.post(g, "/api/challenge", p, body)));
    }
    List<Integer> statuses = all.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();
    assertThat(statuses).containsOnly(200, 401).containsOnlyOnce(200);
    long spent = f.sql.count("select count(*) from recovery_codes where used_at is not null");
    // a code verified after another request released the login is still spent, and audited as such
    assertThat(f.sql.count("select count(*) from audit_log where action = 'challenge' and outcome = 'success' and detail->>'released' = 'true'"))
        .isEqualTo(1);
    assertThat(f.sql.count("select count(*) from audit_log where action = 'challenge' and outcome = 'success' and detail->>'released' = 'false'"))
        .isEqualTo(spent - 1);
    assertThat(f.sql.count("select count(*) from gateway_sessions where second_factor = 'recovery'")).isEqualTo(1);
  }

  @Test
  void aCodeIsAcceptedOnceEvenAcrossInstancesAtTheSameTime() throws Exception {
    Enrolled e = enrol();
    String p1 = f.heldApiLogin(f.a(), ALICE);
    String p2 = f.heldApiLogin(f.b(), ALICE);
    String code = Otp.code(e.secret(), f.clock.instant());
    JsonObject body = new JsonObject().put("method", "totp").put("code", code);
    CompletableFuture<HttpResponse<String>> r1 = CompletableFuture.supplyAsync(() -> f.post(f.a(), "/api/challenge", p1, body));
    CompletableFuture<HttpResponse<String>> r2 = CompletableFuture.supplyAsync(() -> f.post(f.b(), "/api/challenge", p2, body));
    List<Integer> statuses = List.of(r1.get().statusCode(), r2.get().statusCode());
    assertThat(statuses).containsExactlyInAnyOrder(200, 401);
    HttpResponse<String> failed = statuses.get(0) == 401 ? r1.get() : r2.get();
    assertThat(new JsonObject(failed.body()).getString("type")).isEqualTo("challenge-failed");
    assertThat(f.sql.count("select count(*) from audit_log where action = 'challenge' and detail->>'cause' = 'replay'")).isEqualTo(1);
    // the replay wrote nothing of a success: one session, one held login used; it counts as a failure
    assertThat(f.sql.count("select count(*) from gateway_sessions where second_factor = 'totp'")).isEqualTo(1);
    assertThat(f.sql.count("select count(*) from pending_logins where consumed_at is not null and outcome = 'challenge'")).isEqualTo(1);
    assertThat(f.sql.count("select consecutive_failures from throttles")).isEqualTo(1);
  }

  @Test
  void anOlderCodeThanTheLastAcceptedIsARefusedReplay() {
    Enrolled e = enrol();
    String older = Otp.code(e.secret(), f.clock.instant().minusSeconds(30)); // the confirmation step
    String p = f.heldApiLogin(f.a(), ALICE);
    assertThat(f.post(f.a(), "/api/challenge", p, new JsonObject().put("method", "totp").put("code", older)).statusCode()).isEqualTo(401);
    assertThat(f.sql.count("select count(*) from audit_log where action = 'challenge' and detail->>'cause' = 'replay'")).isEqualTo(1);
  }

  @Test
  void aRecoveryCodeWorksOnceAndIgnoresCaseAndHyphens() {
    Enrolled e = enrol();
    String code = e.recoveryCodes().get(3);
    String p = f.heldApiLogin(f.a(), ALICE);
    assertThat(f.post(f.a(), "/api/challenge", p, new JsonObject().put("method", "recovery").put("code", code.toUpperCase().replace("-", " ")))
        .statusCode()).isEqualTo(200);
    String p2 = f.heldApiLogin(f.a(), ALICE);
    assertThat(f.post(f.a(), "/api/challenge", p2, new JsonObject().put("method", "recovery").put("code", code)).statusCode()).isEqualTo(401);
    assertThat(f.sql.count("select count(*) from recovery_codes where used_at is null")).isEqualTo(9);
  }

  @Test
  void malformedCodesGetTheUniformAnswerAndBadBodiesA400() {
    enrol();
    String p = f.heldApiLogin(f.a(), ALICE);
    for (String bad : new String[] {"abcdef", "12345", "1234567", "١٢٣٤٥٦", "１２３４５６", " 123456x", "12 34 5", "' or 1=1 --"}) {
      HttpResponse<String> r = f.post(f.a(), "/api/challenge", p, new JsonObject().put("method", "totp").put("code", bad));
      assertThat(r.statusCode()).as(bad).isEqualTo(401);
      assertThat(new JsonObject(r.body()).getString("type")).isEqualTo("challenge-failed");
      f.sql.update("update throttles set consecutive_failures = 0, next_attempt_at = null"); // this test is not about throttling
    }
    assertThat(f.post(f.a(), "/api/challenge", p, new JsonObject().put("method", "totp").put("code", 123456)).statusCode()).isEqualTo(400);
    assertThat(f.post(f.a(), "/api/challenge", p, new JsonObject().put("method", "sms").put("code", "123456")).statusCode()).isEqualTo(400);
    assertThat(f.post(f.a(), "/api/challenge", p, new JsonObject()).statusCode()).isEqualTo(400);
    HttpResponse<String> notJson = Http.send(Http.request(GatewayFixture.base(f.a()) + "/_factorgate/api/challenge")
        .header("Authorization", "Bearer " + p).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"method\":")).build());
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  @Test
  void confirmRefusesUnknownOtherUsersActiveAndExpiredFactors() {
    Enrolled e = enrol();
    String session = e.session();
    assertThat(f.post(f.a(), "/api/factors/" + java.util.UUID.randomUUID() + "/confirm", session, new JsonObject().put("code", "123456")).statusCode()).isEqualTo(404);
    assertThat(f.post(f.a(), "/api/factors/not-a-uuid/confirm", session, new JsonObject().put("code", "123456")).statusCode()).isEqualTo(404);
    assertThat(f.post(f.a(), "/api/factors/" + e.id() + "/confirm", session, new JsonObject().put("code", Otp.code(e.secret(), f.clock.instant()))).statusCode()).isEqualTo(409);
    f.sql.update("insert into accounts (user_id) values ('other')");
    f.sql.update("insert into factors (account_id, kind, status, secret, algorithm, digits, period, expires_at) "
        + "select id, 'totp', 'pending', '\\x00'::bytea, 'SHA1', 6, 30, now() + interval '5 minutes' from accounts where user_id = 'other'");
    Object otherId = f.sql.value("select f.id from factors f join accounts a on a.id = f.account_id where a.user_id = 'other'");
    assertThat(f.post(f.a(), "/api/factors/" + otherId + "/confirm", session, new JsonObject().put("code", "123456")).statusCode()).isEqualTo(404);
  }

  @Test
  void aPendingAuthenticatorExpiresAfterTenMinutes() {
    f.aliceInNudgeCampaign();
    String pending = f.heldApiLogin(f.a(), ALICE);
    JsonObject t = new JsonObject(f.post(f.a(), "/api/factors/totp", pending, null).body());
    f.clock.advance(Duration.ofMinutes(10).plusSeconds(1));
    // a fresh held login of the same user, so that only the authenticator's age can refuse
    String fresh = f.heldApiLogin(f.a(), ALICE);
    HttpResponse<String> late = f.post(f.a(), "/api/factors/" + t.getString("id") + "/confirm", fresh,
        new JsonObject().put("code", Otp.code(t.getString("secret"), f.clock.instant())));
    assertThat(late.statusCode()).as(late.body()).isEqualTo(409);
    assertThat(new JsonObject(late.body()).getString("type")).isEqualTo("factor-not-pending");
    assertThat(f.sql.value("select status from factors")).isEqualTo("pending");
  }
}
