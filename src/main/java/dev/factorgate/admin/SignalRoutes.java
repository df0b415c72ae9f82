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

  /** Routes that read the request stream themselves: mounted before the body handler. */
  void mountStreaming(Router router) {
    router.post("/api/recycled-numbers").handler(this::importRecycled);
  }

  void mount(Router router) {
    router.post("/api/accounts/:user_id/enrolment-link").handler(this::enrolmentLink);
  }

  private void importRecycled(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    String type = req.getHeader(HttpHeaders.CONTENT_TYPE);
    String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
    String actor = AdminAuth.actor(ctx);
    String ip = services.clients().ip(req);
    if (t.startsWith("text/csv")) {
      run(ctx, req, actor, ip);
    } else if (t.contains("json")) {
      req.body()
          .onSuccess(b -> {
            if (b.length() > 4096) {
              ctx.fail(new HttpProblem(413, "payload-too-large", "Payload too large", "Send one number as JSON, or a list as text/csv."));
              return;
            }
            JsonObject o;
            try {
              o = new JsonObject(b);
            } catch (RuntimeException e) {
              ctx.fail(HttpProblem.badRequest("The body is not a JSON object."));
              return;
            }
            Object phone = o.getValue("phone");
            Object at = o.getValue("disconnected_at");
            if (!(phone instanceof String p) || !(at instanceof String d) || p.contains(",") || d.contains(",")) {
              ctx.fail(HttpProblem.badRequest("Send {\"phone\":\"+86…\",\"disconnected_at\":\"2025-03-01\"}."));
              return;
            }
            recycled.runText(p + "," + d, actor, ip)
                .onSuccess(r -> Replies.json(ctx, 200, r.toJson()))
                .onFailure(ctx::fail);
          })
          .onFailure(ctx::fail);
      req.resume(); // the router holds requests paused until a body handler reads them
    } else {
      ctx.fail(new HttpProblem(415, "unsupported-media-type", "Unsupported media type",
          "Send the list as text/csv (phone,disconnected_at), or one number as application/json."));
    }
  }

  private void run(RoutingContext ctx, HttpServerRequest body, String actor, String ip) {
    recycled.run(body, actor, ip, AccountImport.Progress.NONE)
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
