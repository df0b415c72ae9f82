package dev.factorgate.notify;

import static dev.factorgate.support.Forms.form;
import static dev.factorgate.support.Forms.hidden;
import static dev.factorgate.support.GatewayFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import dev.factorgate.support.Enrolment;
import dev.factorgate.support.GatewayFixture;
import dev.factorgate.support.Http;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every security change is mailed to the account's addresses, and "this wasn't me" undoes and freezes. */
class ChangeNoticeTest {

  private static final com.icegreen.greenmail.util.ServerSetup SMTP = dev.factorgate.support.TestSmtp.freePort();

  @RegisterExtension
  static GreenMailExtension mail = new GreenMailExtension(SMTP);

  private static String text(MimeMessage m) {
    try {
      return String.valueOf(m.getContent());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aNewFactorIsNotifiedAndTheOwnerCanUndoItAndFreezeTheAccount() throws Exception {
    try (GatewayFixture f = new GatewayFixture(dev.factorgate.support.TestSmtp.yaml(SMTP)
        + "server: { public: { host: 127.0.0.1, port: 0 }, admin: { host: 127.0.0.1, port: 0 }, public_url: 'https://www.example.com' }\n")) {
      Enrolment alice = Enrolment.alice(f);
      await().atMost(Duration.ofSeconds(10)).until(() -> mail.getReceivedMessages().length >= 2);
      MimeMessage added = null;
      for (MimeMessage m : mail.getReceivedMessages()) {
        assertThat(m.getAllRecipients()[0].toString()).isEqualTo("alice@example.com");
        if (text(m).contains("was added")) {
          added = m;
        }
      }
      assertThat(added).isNotNull();
      String body = text(added);
      assertThat(body).doesNotContain(alice.secret()).contains("二次验证");
      Matcher link = Pattern.compile("https://www\\.example\\.com(/_factorgate/report/[A-Za-z0-9_-]+)").matcher(body);
      assertThat(link.find()).isTrue();

      String page = Http.get(GatewayFixture.base(f.a()) + link.group(1)).body();
      assertThat(f.sql.value("select frozen_at from accounts")).isNull(); // looking does nothing
      HttpResponse<String> done = Http.send(Http.request(GatewayFixture.base(f.a()) + "/_factorgate/report")
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(form("csrf", hidden(page, "csrf"), "token", hidden(page, "token"))).build());
      assertThat(done.statusCode()).isEqualTo(200);
      assertThat(f.sql.value("select status from factors")).isEqualTo("revoked");
      assertThat(f.sql.value("select frozen_at is not null from accounts")).isEqualTo(true);
      assertThat(f.api(f.a(), "GET", "/api/factors", alice.session(), null).statusCode()).isEqualTo(401);
      HttpResponse<String> login = f.smsLogin(f.a(), ALICE, true);
      assertThat(login.statusCode()).isEqualTo(403);
      assertThat(new JsonObject(login.body()).getString("type")).isEqualTo("account-frozen");
      assertThat(f.sql.count("select count(*) from audit_log where action = 'change_reported'")).isEqualTo(1);
      // the link works once
      HttpResponse<String> again = Http.send(Http.request(GatewayFixture.base(f.a()) + "/_factorgate/report")
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(form("csrf", hidden(page, "csrf"), "token", hidden(page, "token"))).build());
      assertThat(again.statusCode()).isEqualTo(410);
    }
  }

  @Test
  void removalsRecoveryCodesAndPolicyChangesAreNotifiedToo() throws Exception {
    try (GatewayFixture f = new GatewayFixture(dev.factorgate.support.TestSmtp.yaml(SMTP))) {
      Enrolment alice = Enrolment.alice(f);
      await().atMost(Duration.ofSeconds(10)).until(() -> mail.getReceivedMessages().length >= 2);
      HttpResponse<String> up = f.post(f.a(), "/api/step-up", alice.session(), new JsonObject().put("method", "totp").put("code", alice.code(f)));
      String s = up.headers().firstValue("Factorgate-Session").orElseThrow();
      f.post(f.a(), "/api/recovery-codes", s, null);
      f.post(f.a(), "/api/sms-only", s, new JsonObject().put("allowed", true));
      f.api(f.a(), "DELETE", "/api/factors/" + alice.factorId(), s, null);
      await().atMost(Duration.ofSeconds(10)).until(() -> mail.getReceivedMessages().length >= 5);
      String all = String.join("\n", java.util.Arrays.stream(mail.getReceivedMessages()).map(ChangeNoticeTest::text).toList());
      assertThat(all).contains("recovery codes were generated").contains("turned back on").contains("was removed");
      for (String code : alice.recoveryCodes()) {
        assertThat(all).doesNotContain(code);
      }
    }
  }

  private static String mailTo(String address) {
    StringBuilder all = new StringBuilder();
    for (MimeMessage m : mail.getReceivedMessages()) {
      try {
        if (m.getAllRecipients()[0].toString().equals(address)) {
          all.append(text(m)).append('\n');
        }
      } catch (jakarta.mail.MessagingException e) {
        throw new IllegalStateException(e);
      }
    }
    return all.toString();
  }

  @Test
  void removingAnEmailFactorTellsTheAddressBeingRemoved() throws Exception {
    try (GatewayFixture f = new GatewayFixture(dev.factorgate.support.TestSmtp.yaml(SMTP))) {
      Enrolment alice = Enrolment.alice(f);
      Object factor = f.sql.value("insert into factors (account_id, kind, status, address, confirmed_at) "
          + "select id, 'email', 'active', 'second@example.com', now() from accounts where user_id = 'u1001' returning id");
      HttpResponse<String> up = f.post(f.a(), "/api/step-up", alice.session(), new JsonObject().put("method", "totp").put("code", alice.code(f)));
      String s = up.headers().firstValue("Factorgate-Session").orElseThrow();

      assertThat(f.api(f.a(), "DELETE", "/api/factors/" + factor, s, null).statusCode()).isEqualTo(204);

      await().atMost(Duration.ofSeconds(10)).until(() -> mailTo("second@example.com").contains("was removed")
          && mailTo("alice@example.com").contains("was removed"));
    }
  }

  @Test
  void anAdminResetIsNotifiedToTheAddressesItRemovedAndUnlockEndsAFreeze() throws Exception {
    try (GatewayFixture f = new GatewayFixture(dev.factorgate.support.TestSmtp.yaml(SMTP) + dev.factorgate.support.AdminApi.yaml())) {
      dev.factorgate.support.AdminApi admin = new dev.factorgate.support.AdminApi(f.a());
      Enrolment.alice(f);
      f.sql.update("insert into factors (account_id, kind, status, address, confirmed_at) select id, 'email', 'active', 'second@example.com', now() "
          + "from accounts where user_id = 'u1001'");
      f.sql.update("insert into factors (account_id, kind, status, address, expires_at) select id, 'email', 'pending', 'typed@example.com', "
          + "now() + interval '5 minutes' from accounts where user_id = 'u1001'");

      HttpResponse<String> reset = admin.post("/api/accounts/u1001/reset", new JsonObject().put("reason", "lost phone, ticket 12"));
      assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);

      await().atMost(Duration.ofSeconds(10)).until(() -> mailTo("second@example.com").contains("support removed your second factors")
          && mailTo("alice@example.com").contains("support removed your second factors"));
      assertThat(mailTo("alice@example.com")).contains("/_factorgate/report/");
      assertThat(mailTo("typed@example.com")).as("an address never confirmed").isEmpty();

      // a "this wasn't me" report froze the account: a plain unlock (a lockout) leaves the freeze;
      // lifting it takes an explicit unfreeze with the review's reason
      f.sql.update("update accounts set frozen_at = now(), frozen_reason = 'change reported'");
      assertThat(new JsonObject(f.smsLogin(f.a(), ALICE, true).body()).getString("type")).isEqualTo("account-frozen");
      HttpResponse<String> plain = admin.post("/api/accounts/u1001/unlock", (JsonObject) null);
      assertThat(plain.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(plain.body()).getBoolean("frozen")).isTrue();
      assertThat(f.sql.value("select frozen_at is not null from accounts")).isEqualTo(true);
      assertThat(admin.post("/api/accounts/u1001/unlock", new JsonObject().put("unfreeze", true)).statusCode()).isEqualTo(400);
      HttpResponse<String> unlock = admin.post("/api/accounts/u1001/unlock",
          new JsonObject().put("unfreeze", true).put("reason", "owner called back, ticket 77"));
      assertThat(unlock.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(unlock.body()).getBoolean("was_frozen")).isTrue();
      assertThat(new JsonObject(unlock.body()).getBoolean("frozen")).isFalse();
      assertThat(f.sql.value("select frozen_at from accounts")).isNull();
      assertThat(f.sql.value("select detail->>'reason' from audit_log where action = 'account.unlock' and detail->>'was_frozen' = 'true'"))
          .isEqualTo("owner called back, ticket 77");
      assertThat(f.smsLogin(f.a(), ALICE, true).statusCode()).isEqualTo(200);
    }
  }
}
