package dev.factorgate.enrolment;

import static dev.factorgate.support.Forms.cookie;
import static dev.factorgate.support.Forms.form;
import static dev.factorgate.support.Forms.hidden;
import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.audit.AuditLog;
import dev.factorgate.support.GatewayFixture;
import dev.factorgate.support.Http;
import dev.factorgate.support.Otp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** Recycled and virtual numbers cannot enrol themselves; an admin's one-time link can open it. */
class EnrolmentRefusalTest {

  private static final String VIRTUAL = "+8617012345678";

  @Test
  void aVirtualNumberIsRefusedSelfServiceThenEnrolsThroughAOneTimeLink() {
    try (GatewayFixture f = new GatewayFixture("policy: { virtual_number_prefixes: ['+86170'] }\nenrolment: { confirm_email_on_file: false }\n")) {
      f.sql.update("insert into campaigns (name, mode, audience, created_by) values ('n', 'nudge', '{}'::jsonb, 't')");
      f.smsLogin(f.a(), VIRTUAL, true); // first login creates the account (SMS-only, released)
      assertThat(f.sql.value("select phone_virtual from accounts where phone = ?", VIRTUAL)).isEqualTo(true);
      f.sql.update("insert into campaign_members (campaign_id, account_id) select c.id, a.id from campaigns c, accounts a");
      String pending = f.heldApiLogin(f.a(), VIRTUAL);
      HttpResponse<String> refused = f.post(f.a(), "/api/factors/totp", pending, null);
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(new JsonObject(refused.body()).getString("type")).isEqualTo("enrolment-refused");

      // the page says so, in a way a person understands
      HttpResponse<String> held = f.smsLogin(f.a(), VIRTUAL, false);
      String pc = "fg_pending=" + cookie(held.headers().allValues("Set-Cookie"), "fg_pending");
      String enrol = Http.send(Http.request(GatewayFixture.base(f.a()) + "/_factorgate/enrol").header("Cookie", pc).build()).body();
      HttpResponse<String> page = Http.send(Http.request(GatewayFixture.base(f.a()) + "/_factorgate/totp").header("Cookie", pc)
          .header("Content-Type", "application/x-www-form-urlencoded").POST(form("csrf", hidden(enrol, "csrf"))).build());
      assertThat(page.statusCode()).isEqualTo(403);
      assertThat(page.body()).contains("support");

      String userId = (String) f.sql.value("select user_id from accounts where phone = ?", VIRTUAL);
      Vertx vertx = Vertx.vertx();
      EnrolmentLinks.Issued link;
      try {
        EnrolmentLinks links = new EnrolmentLinks(PgBuilder.pool().connectingTo(f.db.connectOptions()).using(vertx).build(), new SecureRandom(), new AuditLog("test"));
        link = links.issue(userId, "admin:test", null, f.clock.instant()).await();
      } finally {
        vertx.close().await();
      }
      String linkPage = Http.get(GatewayFixture.base(f.a()) + "/_factorgate/enrolment-link/" + link.token()).body();
      HttpResponse<String> used = Http.send(Http.request(GatewayFixture.base(f.a()) + "/_factorgate/enrolment-link")
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(form("csrf", hidden(linkPage, "csrf"), "token", link.token())).build());
      assertThat(used.statusCode()).isEqualTo(302);
      String session = cookie(used.headers().allValues("Set-Cookie"), "fg_session");
      // the link proves who the admin checked, not a factor: its session is not a stepped-up one
      assertThat(f.sql.count("select count(*) from gateway_sessions where login_method = 'enrolment_link' and stepped_up_at is null")).isEqualTo(1);
      JsonObject t = new JsonObject(f.post(f.a(), "/api/factors/totp", session, null).body());
      HttpResponse<String> confirmed = f.post(f.a(), "/api/factors/" + t.getString("id") + "/confirm", session,
          new JsonObject().put("code", Otp.code(t.getString("secret"), f.clock.instant())));
      assertThat(confirmed.statusCode()).isEqualTo(200);
      assertThat(f.sql.count("select count(*) from audit_log where action = 'enrolment_link'")).isEqualTo(1);

      HttpResponse<String> again = Http.send(Http.request(GatewayFixture.base(f.a()) + "/_factorgate/enrolment-link")
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(form("csrf", hidden(linkPage, "csrf"), "token", link.token())).build());
      assertThat(again.statusCode()).isEqualTo(410);
    }
  }
}
