package dev.factorgate.admin;

import dev.factorgate.Services;
import dev.factorgate.account.AccountAdmin;
import dev.factorgate.campaign.CampaignRequest;
import dev.factorgate.campaign.CampaignService;
import dev.factorgate.web.HttpProblem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code /api/campaigns}: create, list, stats, pause, resume, cancel, exempt a member. */
final class CampaignRoutes {

  private final Services services;
  private final CampaignService campaigns;

  CampaignRoutes(Services services, CampaignService campaigns) {
    this.services = services;
    this.campaigns = campaigns;
  }

  void mount(Router router) {
    router.post("/api/campaigns").handler(this::create);
    router.get("/api/campaigns").handler(this::list);
    router.get("/api/campaigns/:id").handler(this::stats);
    router.post("/api/campaigns/:id/pause").handler(ctx -> transition(ctx, "pause"));
    router.post("/api/campaigns/:id/resume").handler(ctx -> transition(ctx, "resume"));
    router.post("/api/campaigns/:id/cancel").handler(ctx -> transition(ctx, "cancel"));
    router.post("/api/campaigns/:id/exempt").handler(this::exempt);
  }

  /** {@code {"user_id","reason"}}: one member out of the campaign. */
  private void exempt(RoutingContext ctx) {
    long id = id(ctx);
    JsonObject body = Replies.body(ctx);
    if (!(body.getValue("user_id") instanceof String userId) || userId.isBlank() || userId.length() > 200) {
      ctx.fail(HttpProblem.badRequest("Send {\"user_id\":\"…\",\"reason\":\"…\"}: the member to exempt and why."));
      return;
    }
    String reason = AccountAdmin.reason(body.getValue("reason"), "An exemption needs a \"reason\" (why this member is left out), for the audit log.");
    campaigns.exempt(id, userId, reason, AdminAuth.actor(ctx), services.clients().ip(ctx.request()))
        .onSuccess(r -> Replies.json(ctx, 200, r))
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    CampaignRequest request = CampaignRequest.parse(Replies.body(ctx));
    campaigns.create(request, AdminAuth.actor(ctx), services.clients().ip(ctx.request()))
        .onSuccess(r -> {
          ctx.response().putHeader("Location", "/api/campaigns/" + r.getLong("id"));
          Replies.json(ctx, 201, r);
        })
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    campaigns.list().onSuccess(list -> Replies.json(ctx, 200, new JsonObject().put("campaigns", list))).onFailure(ctx::fail);
  }

  private void stats(RoutingContext ctx) {
    campaigns.stats(id(ctx)).onSuccess(s -> Replies.json(ctx, 200, s)).onFailure(ctx::fail);
  }

  private void transition(RoutingContext ctx, String action) {
    campaigns.transition(id(ctx), action, AdminAuth.actor(ctx), services.clients().ip(ctx.request()))
        .onSuccess(r -> Replies.json(ctx, 200, r))
        .onFailure(ctx::fail);
  }

  /** A campaign id from the path; anything that is not one names no campaign (404). */
  private static long id(RoutingContext ctx) {
    String v = ctx.pathParam("id");
    if (v != null && v.matches("[1-9][0-9]{0,17}")) {
      return Long.parseLong(v);
    }
    throw HttpProblem.notFound("There is no campaign with this id.");
  }
}
