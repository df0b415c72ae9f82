package dev.factorgate.admin;

import dev.factorgate.Services;
import dev.factorgate.account.AccountImport;
import dev.factorgate.account.RecycledNumberImport;
import dev.factorgate.enrolment.EnrolmentLinks;
import dev.factorgate.web.HttpProblem;
import dev.factorgate.web.Requests;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * Admin calls about who holds a number: carrier lists of recycled numbers (streamed CSV, or one
 * number as JSON, e.g. an upstream reporting a phone change), and the one-time enrolment link that
 * opens first enrolment after support checked the person.
 */
final class SignalRoutes {

  private final Services services;
  private final RecycledNumberImport recycled;
  private final EnrolmentLinks links;

  SignalRoutes(Services services, RecycledNumberImport recycled, EnrolmentLinks links) {
    this.services = services;
    this.recycled = recycled;
    this.links = links;
  }

  /** A CSV list is read as a stream, before the body handler; anything else goes on to {@link #mount}. */
  void mountStreaming(Router router) {
    router.post("/api/recycled-numbers").handler(this::importList);
  }

  void mount(Router router) {
    router.post("/api/recycled-numbers").handler(this::importOne);
    router.post("/api/accounts/:user_id/enrolment-link").handler(this::enrolmentLink);
  }

  private void importList(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    String type = req.getHeader(HttpHeaders.CONTENT_TYPE);
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("text/csv")) {
      ctx.next();
      return;
    }
    recycled.run(req, AdminAuth.actor(ctx), services.clients().ip(req), AccountImport.Progress.NONE)
        .onSuccess(r -> Replies.json(ctx, 200, r.toJson()))
        .onFailure(ctx::fail);
  }

  /** One number as JSON, read by the body handler (so its size limit applies). */
  private void importOne(RoutingContext ctx) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (type == null || !type.toLowerCase(Locale.ROOT).contains("json")) {
      ctx.fail(new HttpProblem(415, "unsupported-media-type", "Unsupported media type",
          "Send the list as text/csv (phone,disconnected_at), or one number as application/json."));
      return;
    }
    JsonObject o = Replies.body(ctx);
    if (!(o.getValue("phone") instanceof String phone) || !(o.getValue("disconnected_at") instanceof String at)) {
      ctx.fail(HttpProblem.badRequest("Send {\"phone\":\"+86…\",\"disconnected_at\":\"2025-03-01\"}."));
      return;
    }
    recycled.runOne(phone, at, AdminAuth.actor(ctx), services.clients().ip(ctx.request()))
        .onSuccess(r -> Replies.json(ctx, 200, r.toJson()))
        .onFailure(ctx::fail);
  }

  private void enrolmentLink(RoutingContext ctx) {
    String userId = ctx.pathParam("user_id");
    links.issue(userId, AdminAuth.actor(ctx), services.clients().ip(ctx.request()), services.clock().instant())
        .onSuccess(issued -> {
          if (issued == null) {
            ctx.fail(HttpProblem.notFound("There is no account with this user id."));
            return;
          }
          String path = services.config().server().prefix() + "/enrolment-link/" + issued.token();
          String base = services.config().server().publicUrl();
          Replies.json(ctx, 201, new JsonObject()
              .put("url", base == null ? path : base + path)
              .put("expires_at", issued.expiresAt().toString()));
        })
        .onFailure(ctx::fail);
  }
}
