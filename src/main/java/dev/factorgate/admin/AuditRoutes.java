package dev.factorgate.admin;

import dev.factorgate.audit.AuditTrail;
import dev.factorgate.web.HttpProblem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/audit?user_id=&limit=}: the newest entries first. */
final class AuditRoutes {

  private final AuditTrail trail;

  AuditRoutes(AuditTrail trail) {
    this.trail = trail;
  }

  void mount(Router router) {
    router.get("/api/audit").handler(this::list);
  }

  private void list(RoutingContext ctx) {
    String userId = ctx.request().getParam("user_id");
    if (userId != null && userId.isEmpty()) {
      userId = null; // "?user_id=&limit=10": no filter
    }
    if (userId != null && userId.length() > 200) {
      ctx.fail(HttpProblem.badRequest("user_id must be at most 200 characters."));
      return;
    }
    int limit = Replies.intParam(ctx, "limit", 100, 1, 1000);
    trail.recent(userId, limit)
        .onSuccess(entries -> Replies.json(ctx, 200, new JsonObject().put("entries", entries)))
        .onFailure(ctx::fail);
  }
}
