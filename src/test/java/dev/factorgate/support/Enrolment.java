package dev.factorgate.support;

import static dev.factorgate.support.GatewayFixture.ALICE;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Alice with a confirmed authenticator, set up through the JSON API as an app would. */
public record Enrolment(String factorId, String secret, List<String> recoveryCodes, String session) {

  public static Enrolment alice(GatewayFixture f) {
    f.aliceInNudgeCampaign();
    String pending = f.heldApiLogin(f.a(), ALICE);
    JsonObject t = new JsonObject(f.post(f.a(), "/api/factors/totp", pending, null).body());
    JsonObject c = new JsonObject(f.post(f.a(), "/api/factors/" + t.getString("id") + "/confirm", pending,
        new JsonObject().put("code", Otp.code(t.getString("secret"), f.clock.instant()))).body());
    HttpResponse<String> released = f.post(f.a(), "/api/release", pending, null);
    if (released.statusCode() != 200) {
      throw new AssertionError("release failed: " + released.body());
    }
    List<String> codes = new ArrayList<>();
    c.getJsonArray("recovery_codes").forEach(x -> codes.add((String) x));
    f.clock.advance(Duration.ofSeconds(30));
    return new Enrolment(t.getString("id"), t.getString("secret"), codes, released.headers().firstValue("Factorgate-Session").orElseThrow());
  }

  public String code(GatewayFixture f) {
    return Otp.code(secret, f.clock.instant());
  }
}
