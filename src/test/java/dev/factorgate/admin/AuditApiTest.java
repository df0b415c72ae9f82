package dev.factorgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.support.AdminApi;
import dev.factorgate.support.AdminGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/audit}: newest first, by user, bounded. */
class AuditApiTest {

  private AdminGateway fixture;
  private AdminApi admin;

  @BeforeEach
  void start() {
    fixture = new AdminGateway("");
    admin = fixture.admin;
    fixture.sql.update("""
        insert into audit_log (actor, user_id, action, outcome, ip, instance, detail)
        select 'user', 'u' || (i % 3), 'login', 'release', '192.0.2.' || i, 'test', jsonb_build_object('n', i)
          from generate_series(1, 150) i
        """);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void entriesComeNewestFirstWithEveryField() {
    JsonArray all = admin.getJson("/api/audit").getJsonArray("entries");
    assertThat(all).hasSize(100);
    JsonObject newest = all.getJsonObject(0);
    assertThat(newest.fieldNames()).containsExactlyInAnyOrder("id", "at", "actor", "user_id", "action", "outcome", "ip", "instance", "detail");
    assertThat(newest.getJsonObject("detail").getInteger("n")).isEqualTo(150);
    assertThat(newest.getLong("id")).isGreaterThan(all.getJsonObject(1).getLong("id"));
    assertThat(newest.getString("at")).endsWith("Z");

    JsonArray u1 = admin.getJson("/api/audit?user_id=u1&limit=1000").getJsonArray("entries");
    assertThat(u1).hasSize(50).allMatch(e -> ((JsonObject) e).getString("user_id").equals("u1"));
    assertThat(admin.getJson("/api/audit?user_id=&limit=7").getJsonArray("entries")).hasSize(7);
    assertThat(admin.getJson("/api/audit?user_id=nobody").getJsonArray("entries")).isEmpty();
  }

  @Test
  void theLimitIsBounded() {
    for (String q : new String[] {"limit=0", "limit=1001", "limit=-5", "limit=x"}) {
      assertThat(admin.get("/api/audit?" + q).statusCode()).as(q).isEqualTo(400);
    }
    assertThat(admin.get("/api/audit?limit=1000").statusCode()).isEqualTo(200);
  }
}
