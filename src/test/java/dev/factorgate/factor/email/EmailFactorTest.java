package dev.factorgate.factor.email;

import static dev.factorgate.support.GatewayFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import dev.factorgate.support.GatewayFixture;
import dev.factorgate.support.Otp;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The email factor over real SMTP (GreenMail): codes are read from the received mails. */
class EmailFactorTest {

  private static final com.icegreen.greenmail.util.ServerSetup SMTP = dev.factorgate.support.TestSmtp.freePort();

  @RegisterExtension
  static GreenMailExtension mail = new GreenMailExtension(SMTP);

  private GatewayFixture f;

  @BeforeEach
  void start() {
    f = new GatewayFixture(dev.factorgate.support.TestSmtp.yaml(SMTP)
        + "enrolment: { confirm_email_on_file: true }\n");
    f.aliceInNudgeCampaign();
  }

  @AfterEach
  void stop() {
    f.close();
  }

  /** The code of the last mail to an address. */
  private static String lastCode(String to) throws Exception {
    // security notices go to the same address, in the background: take the last code mail
    MimeMessage m = null;
    for (MimeMessage x : mail.getReceivedMessagesForDomain(to.substring(to.indexOf('@') + 1))) {
      if (x.getSubject().contains("verification code")) {
        m = x;
      }
    }
    assertThat(m).as("a code mail to " + to).isNotNull();
    Object content = m.getContent();
    Matcher code = Pattern.compile("(?<![0-9])([0-9]{6})(?![0-9])").matcher(String.valueOf(content));
    assertThat(code.find()).as("a six-digit code in the mail").isTrue();
    assertThat(String.valueOf(content)).doesNotContain("http://").doesNotContain("https://");
    return code.group(1);
  }

  private String enrolEmailOnFile(String pending) throws Exception {
    HttpResponse<String> refused = f.post(f.a(), "/api/factors/totp", pending, null);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(refused.body()).getString("type")).isEqualTo("email-on-file-confirmation-required");
    HttpResponse<String> other = f.post(f.a(), "/api/factors/email", pending, new JsonObject().put("address", "mallory@evil.example"));
    assertThat(other.statusCode()).isEqualTo(403);

    HttpResponse<String> begun = f.post(f.a(), "/api/factors/email", pending, new JsonObject());
    assertThat(begun.statusCode()).isEqualTo(201);
    String id = new JsonObject(begun.body()).getString("id");
    HttpResponse<String> confirmed = f.post(f.a(), "/api/factors/" + id + "/confirm", pending, new JsonObject().put("code", lastCode("alice@example.com")));
    assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
    assertThat(new JsonObject(confirmed.body()).getJsonArray("recovery_codes")).hasSize(10);
    return id;
  }

  @Test
  void theFirstFactorAfterAnSmsLoginBeginsWithTheEmailOnFileThenAnAuthenticatorFollows() throws Exception {
    String pending = f.heldApiLogin(f.a(), ALICE);
    enrolEmailOnFile(pending);
    // a further factor: this held login just confirmed a factor, which counts as its step-up
    HttpResponse<String> totp = f.post(f.a(), "/api/factors/totp", pending, null);
    assertThat(totp.statusCode()).isEqualTo(201);
    JsonObject t = new JsonObject(totp.body());
    assertThat(f.post(f.a(), "/api/factors/" + t.getString("id") + "/confirm", pending,
        new JsonObject().put("code", Otp.code(t.getString("secret"), f.clock.instant()))).statusCode()).isEqualTo(200);
    assertThat(f.post(f.a(), "/api/release", pending, null).statusCode()).isEqualTo(200);
    assertThat(f.sql.value("select login_policy from accounts")).isEqualTo("second_factor_required");
  }

  @Test
  void anEmailCodePassesTheChallengeOnceAndOnlyForItsLogin() throws Exception {
    enrolEmailOnFile(f.heldApiLogin(f.a(), ALICE));
    HttpResponse<String> held = f.smsLogin(f.a(), ALICE, true);
    JsonObject h = new JsonObject(held.body());
    assertThat(h.getJsonArray("methods").getList()).contains("email", "recovery");
    String p1 = h.getString("pending_token");
    f.clock.advance(Duration.ofSeconds(31)); // one code per account every 30 seconds
    assertThat(f.post(f.a(), "/api/challenge/email", p1, null).statusCode()).isEqualTo(202);
    String code = lastCode("alice@example.com");

    String p2 = f.heldApiLogin(f.a(), ALICE);
    assertThat(f.post(f.a(), "/api/challenge", p2, new JsonObject().put("method", "email").put("code", code)).statusCode()).isEqualTo(401);
    assertThat(f.post(f.a(), "/api/challenge", p1, new JsonObject().put("method", "email").put("code", code)).statusCode()).isEqualTo(200);
  }

  @Test
  void fiveAttemptsPerLoginAndAResendNeitherResetsThemNorComesTooSoon() throws Exception {
    enrolEmailOnFile(f.heldApiLogin(f.a(), ALICE));
    String p = f.heldApiLogin(f.a(), ALICE);
    f.clock.advance(Duration.ofSeconds(31));
    assertThat(f.post(f.a(), "/api/challenge/email", p, null).statusCode()).isEqualTo(202);
    String first = lastCode("alice@example.com");
    HttpResponse<String> tooSoon = f.post(f.a(), "/api/challenge/email", p, null);
    assertThat(tooSoon.statusCode()).isEqualTo(429);
    assertThat(tooSoon.headers().firstValue("Retry-After")).isPresent();
    for (int i = 0; i < 3; i++) {
      assertThat(f.post(f.a(), "/api/challenge", p, new JsonObject().put("method", "email").put("code", "000000")).statusCode()).isEqualTo(401);
    }
    f.clock.advance(Duration.ofSeconds(31));
    assertThat(f.post(f.a(), "/api/challenge/email", p, null).statusCode()).isEqualTo(202);
    String second = lastCode("alice@example.com");
    // the old code is gone
    if (!first.equals(second)) {
      assertThat(f.post(f.a(), "/api/challenge", p, new JsonObject().put("method", "email").put("code", first)).statusCode()).isEqualTo(401);
    } else {
      assertThat(f.post(f.a(), "/api/challenge", p, new JsonObject().put("method", "email").put("code", "000000")).statusCode()).isEqualTo(401);
    }
    // attempts carried over: 4 used, one left; then even the right code is refused
    assertThat(f.post(f.a(), "/api/challenge", p, new JsonObject().put("method", "email").put("code", "111111".equals(second) ? "222222" : "111111")).statusCode()).isEqualTo(401);
    f.sql.update("update throttles set consecutive_failures = 0, next_attempt_at = null");
    assertThat(f.post(f.a(), "/api/challenge", p, new JsonObject().put("method", "email").put("code", second)).statusCode()).isEqualTo(401);
  }

  @Test
  void aStepUpByEmailGetsFreshAttemptsOnceTheSpentCodeExpiredOrAfterASuccess() throws Exception {
    String pending = f.heldApiLogin(f.a(), ALICE);
    enrolEmailOnFile(pending);
    HttpResponse<String> released = f.post(f.a(), "/api/release", pending, null);
    assertThat(released.statusCode()).isEqualTo(200);
    String session = released.headers().firstValue("Factorgate-Session").orElseThrow();
    f.clock.advance(Duration.ofSeconds(31));
    assertThat(f.post(f.a(), "/api/step-up/email", session, null).statusCode()).isEqualTo(202);
    String spent = lastCode("alice@example.com");
    for (int i = 0; i < EmailCodes.MAX_ATTEMPTS; i++) {
      f.sql.update("update throttles set consecutive_failures = 0, next_attempt_at = null");
      assertThat(stepUp(session, spent.equals("000000") ? "111111" : "000000").statusCode()).isEqualTo(401);
    }
    f.sql.update("update throttles set consecutive_failures = 0, next_attempt_at = null");
    assertThat(stepUp(session, spent).statusCode()).as("five wrong codes use the code up").isEqualTo(401);
    // a resend within the code's lifetime carries the five attempts over
    f.clock.advance(Duration.ofSeconds(31));
    assertThat(f.post(f.a(), "/api/step-up/email", session, null).statusCode()).isEqualTo(202);
    assertThat(stepUp(session, lastCode("alice@example.com")).statusCode()).isEqualTo(401);
    // once those codes expired, a new one starts afresh: the account is not locked out of email step-ups for ever
    f.clock.advance(Duration.ofMinutes(11));
    assertThat(f.post(f.a(), "/api/step-up/email", session, null).statusCode()).isEqualTo(202);
    HttpResponse<String> passed = stepUp(session, lastCode("alice@example.com"));
    assertThat(passed.statusCode()).isEqualTo(204);
    String stepped = passed.headers().firstValue("Factorgate-Session").orElseThrow();
    // and a success ends the carry-over as well
    f.clock.advance(Duration.ofSeconds(31));
    assertThat(f.post(f.a(), "/api/step-up/email", stepped, null).statusCode()).isEqualTo(202);
    assertThat(f.sql.count("select attempts from email_codes where purpose = 'step_up' order by created_at desc limit 1")).isZero();
  }

  private HttpResponse<String> stepUp(String session, String code) {
    return f.post(f.a(), "/api/step-up", session, new JsonObject().put("method", "email").put("code", code));
  }

  @Test
  void anExpiredCodeIsRefused() throws Exception {
    enrolEmailOnFile(f.heldApiLogin(f.a(), ALICE));
    String p = f.heldApiLogin(f.a(), ALICE);
    f.clock.advance(Duration.ofSeconds(31));
    assertThat(f.post(f.a(), "/api/challenge/email", p, null).statusCode()).isEqualTo(202);
    String code = lastCode("alice@example.com");
    f.clock.advance(Duration.ofMinutes(4)); // the code lives 10 minutes, the held login 5: use a fresh login's clock edge
    f.sql.update("update email_codes set expires_at = now() - interval '1 second'");
    assertThat(f.post(f.a(), "/api/challenge", p, new JsonObject().put("method", "email").put("code", code)).statusCode()).isEqualTo(401);
  }

  @Test
  void whenSmtpIsDownTheUserIsToldToRetryAndNothingIsMarkedSent() throws Exception {
    enrolEmailOnFile(f.heldApiLogin(f.a(), ALICE));
    String p = f.heldApiLogin(f.a(), ALICE);
    mail.stop();
    f.clock.advance(Duration.ofSeconds(31));
    HttpResponse<String> r = f.post(f.a(), "/api/challenge/email", p, null);
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(new JsonObject(r.body()).getString("type")).isEqualTo("email-not-sent");
    // no code for this login at all: neither a stored unsent one nor one marked sent
    assertThat(f.sql.count("select count(*) from email_codes where purpose = 'login'")).isZero();
    mail.start();
    f.clock.advance(Duration.ofSeconds(31));
    assertThat(f.post(f.a(), "/api/challenge/email", p, null).statusCode()).isEqualTo(202);
  }

  @Test
  void malformedAndInjectedAddressesAreRefused() {
    String pending = f.heldApiLogin(f.a(), ALICE);
    for (String bad : new String[] {"not-an-address", "a@b.com\r\nBcc: x@evil.example", "a b@example.com", "<a@example.com>", "x".repeat(250) + "@example.com"}) {
      HttpResponse<String> r = f.post(f.a(), "/api/factors/email", pending, new JsonObject().put("address", bad));
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
    assertThat(f.post(f.a(), "/api/factors/email", pending, new JsonObject().put("address", 42)).statusCode()).isEqualTo(400);
    assertThat(mail.getReceivedMessages()).isEmpty();
  }
}
