package dev.factorgate.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.factorgate.Gateway;
import dev.factorgate.store.DatabaseTarget;
import dev.factorgate.support.AdminApi;
import dev.factorgate.support.Sql;
import dev.factorgate.support.TestConfig;
import dev.factorgate.support.TestDatabase;
import dev.factorgate.support.TestKeys;
import dev.factorgate.support.TestUpstream;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Campaign notices by the background worker, with two gateway instances on one database. */
class CampaignNotifierTest {

  // A free port, not GreenMail's fixed 3025: other builds on the same machine use that one too.
  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private TestUpstream upstream;
  private DatabaseTarget db;
  private Sql sql;
  private final List<Gateway> gateways = new ArrayList<>();

  @BeforeEach
  void start() {
    upstream = new TestUpstream();
    db = TestDatabase.fresh();
    sql = new Sql(db);
    // n01..n30: every one but n26..n30 has an address on file
    sql.update("""
        insert into accounts (user_id, phone, email)
        select 'n' || lpad(i::text, 2, '0'), '+86138' || (10000000 + i), case when i <= 25 then 'n' || i || '@example.com' end
          from generate_series(1, 30) i
        """);
  }

  @AfterEach
  void stop() {
    gateways.forEach(Gateway::close);
    upstream.close();
  }

  private Gateway gateway(int smtpPort) {
    String yaml = TestConfig.yaml(upstream.port()) + AdminApi.yaml()
        + "email:\n  smtp: { host: 127.0.0.1, port: " + smtpPort + ", starttls: disabled, from: \"Example <no-reply@example.com>\" }\n"
        + "  send_timeout: 2s\n"
        + "campaigns: { notify_per_second: 10 }\n"
        + "totp: { issuer: Example Shop }\n";
    Gateway g = Gateway.start(TestConfig.parse(yaml), db, TestKeys.keys(), Clock.systemUTC()).await();
    gateways.add(g);
    return g;
  }

  private long campaign(Gateway g, String name, String notify) {
    JsonObject body = new JsonObject().put("name", name).put("mode", "nudge").put("notify", notify);
    return new JsonObject(new AdminApi(g).post("/api/campaigns", body).body()).getLong("id");
  }

  @Test
  void everyMemberWithAnAddressIsMailedExactlyOnceAcrossTwoInstances() throws Exception {
    Gateway a = gateway(SMTP.getSmtp().getPort());
    gateway(SMTP.getSmtp().getPort());
    long id = campaign(a, "mail them", "email");
    campaign(a, "quiet", "none");

    await().atMost(Duration.ofSeconds(30)).until(() -> SMTP.getReceivedMessages().length >= 25);
    Thread.sleep(2500); // two more rounds: nothing further may arrive
    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(25);
    List<String> to = new ArrayList<>();
    for (MimeMessage m : received) {
      to.add(m.getAllRecipients()[0].toString());
    }
    assertThat(to).doesNotHaveDuplicates().allMatch(t -> t.matches("n([1-9]|1[0-9]|2[0-5])@example.com"));

    String body = (String) received[0].getContent();
    assertThat(received[0].getSubject()).contains("authenticator").contains("身份验证器");
    assertThat(body).contains("Example Shop").contains("短信").doesNotContain("http").doesNotContain("://").doesNotContainPattern("[0-9]{6}");

    assertThat(sql.count("select count(*) from campaign_members where campaign_id = ? and state = 'notified' and notified_at is not null", id)).isEqualTo(25);
    assertThat(sql.count("select count(*) from campaign_members m join accounts a on a.id = m.account_id "
        + "where a.email is null and (m.notified_at is not null or m.state <> 'targeted')")).isZero();
    assertThat(sql.count("select count(*) from campaign_members where campaign_id <> ? and notified_at is not null", id)).isZero();
    // the rate is overall: no batch sent more than notify_per_second
    assertThat(sql.count("select max((detail->>'sent')::int) from audit_log where action = 'campaign.notify'")).isLessThanOrEqualTo(10);
    assertThat(sql.count("select sum((detail->>'sent')::int) from audit_log where action = 'campaign.notify'")).isEqualTo(25);
    assertThat(sql.count("select count(distinct instance) from audit_log where action = 'campaign.notify'")).isEqualTo(1);
  }

  @Test
  void aFailedSendIsGivenBackAndRetriedOnceTheServerAnswers() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Gateway a = gateway(port);
    long id = campaign(a, "retry", "email");
    await().atMost(Duration.ofSeconds(20))
        .until(() -> sql.count("select count(*) from audit_log where action = 'campaign.notify' and outcome = 'failed'") > 0);
    assertThat(sql.count("select count(*) from campaign_members where campaign_id = ? and notified_at is null and state = 'targeted'", id))
        .isEqualTo(30);

    GreenMail late = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    late.start();
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> late.getReceivedMessages().length >= 25);
      Thread.sleep(2500);
      assertThat(Arrays.stream(late.getReceivedMessages()).map(m -> {
        try {
          return m.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
          throw new IllegalStateException(e);
        }
      }).toList()).hasSize(25).doesNotHaveDuplicates();
      assertThat(sql.count("select count(*) from campaign_members where campaign_id = ? and state = 'notified'", id)).isEqualTo(25);
    } finally {
      late.stop();
    }
  }

  @Test
  void aPausedCampaignSendsNothingUntilResumed() throws Exception {
    Gateway a = gateway(SMTP.getSmtp().getPort());
    AdminApi admin = new AdminApi(a);
    JsonObject body = new JsonObject().put("name", "later").put("mode", "nudge").put("notify", "email");
    // paused in the same second it was created: at most one batch may have gone out
    long id = new JsonObject(admin.post("/api/campaigns", body).body()).getLong("id");
    admin.post("/api/campaigns/" + id + "/pause", (JsonObject) null);
    Thread.sleep(3000);
    int before = SMTP.getReceivedMessages().length;
    assertThat(before).isLessThanOrEqualTo(10);
    Thread.sleep(2000);
    assertThat(SMTP.getReceivedMessages()).hasSize(before);
    admin.post("/api/campaigns/" + id + "/resume", (JsonObject) null);
    await().atMost(Duration.ofSeconds(20)).until(() -> SMTP.getReceivedMessages().length >= 25);
  }
}
