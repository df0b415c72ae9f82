package dev.factorgate.campaign;

import static dev.factorgate.support.GatewayFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.support.AdminApi;
import dev.factorgate.support.GatewayFixture;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** SPEC 6's "or exempt": an admin takes one member out of a campaign, with a reason. */
class CampaignExemptionTest {

  /**
   * Accounts u1001 (ALICE), u2 and u3; a campaign of {@code mode} whose members are u1001
   * (targeted) and u2 (already enrolled); u3 is not a member. Returns the campaign id.
   */
  private static long campaign(GatewayFixture f, String mode) {
    f.sql.update("insert into accounts (user_id, phone) values ('u1001', ?), ('u2', '+8613900139000'), ('u3', '+8613700137000')", ALICE);
    long id = f.sql.count("insert into campaigns (name, mode, audience, created_by) values ('c', ?, '{}'::jsonb, 't') returning id", mode);
    f.sql.update("insert into campaign_members (campaign_id, account_id, state) select ?, id, "
        + "case when user_id = 'u2' then 'enrolled' else 'targeted' end from accounts where user_id <> 'u3'", id);
    return id;
  }

  @Test
  void anExemptMemberSignsInWithoutBeingHeldAndTheReasonIsAudited() {
    try (GatewayFixture f = new GatewayFixture(AdminApi.yaml())) {
      AdminApi admin = new AdminApi(f.a());
      long id = campaign(f, "require");
      assertThat(new JsonObject(f.smsLogin(f.a(), ALICE, true).body()).getString("error")).isEqualTo("enrolment_required");

      HttpResponse<String> r = admin.post("/api/campaigns/" + id + "/exempt",
          new JsonObject().put("user_id", "u1001").put("reason", "no smartphone; ticket 881"));

      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(new JsonObject(r.body()).getMap()).containsEntry("state", "exempt").containsEntry("was", "targeted");
      assertThat(f.smsLogin(f.a(), ALICE, true).statusCode()).isEqualTo(200);
      assertThat(f.sql.value("select detail->>'reason' from audit_log where action = 'campaign.exempt' and user_id = 'u1001' and actor = 'admin:ops'"))
          .isEqualTo("no smartphone; ticket 881");
      assertThat(admin.getJson("/api/campaigns/" + id).getJsonObject("states").getLong("exempt")).isEqualTo(1);

      // again: nothing changes, nothing more is audited
      assertThat(admin.post("/api/campaigns/" + id + "/exempt", new JsonObject().put("user_id", "u1001").put("reason", "again")).statusCode())
          .isEqualTo(200);
      assertThat(f.sql.count("select count(*) from audit_log where action = 'campaign.exempt'")).isEqualTo(1);
    }
  }

  @Test
  void withoutAReasonOrAMemberItIsRefused() {
    try (GatewayFixture f = new GatewayFixture(AdminApi.yaml())) {
      AdminApi admin = new AdminApi(f.a());
      long id = campaign(f, "nudge");
      String path = "/api/campaigns/" + id + "/exempt";

      assertThat(admin.post(path, new JsonObject().put("user_id", "u1001")).statusCode()).isEqualTo(400);
      assertThat(admin.post(path, new JsonObject().put("reason", "x")).statusCode()).isEqualTo(400);
      assertThat(admin.post(path, new JsonObject().put("user_id", "u3").put("reason", "x")).statusCode()).isEqualTo(404);
      assertThat(admin.post("/api/campaigns/999999/exempt", new JsonObject().put("user_id", "u1001").put("reason", "x")).statusCode())
          .isEqualTo(404);
      HttpResponse<String> enrolled = admin.post(path, new JsonObject().put("user_id", "u2").put("reason", "x"));
      assertThat(enrolled.statusCode()).isEqualTo(409);
      assertThat(new JsonObject(enrolled.body()).getString("type")).isEqualTo("member-enrolled");
      assertThat(f.sql.count("select count(*) from campaign_members where state = 'exempt'")).isZero();
      assertThat(f.sql.count("select count(*) from audit_log where action = 'campaign.exempt'")).isZero();
    }
  }
}
