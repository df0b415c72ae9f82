package dev.factorgate.admin;

import dev.factorgate.Services;
import dev.factorgate.account.AccountAdmin;
import dev.factorgate.account.AccountImport;
import dev.factorgate.account.ImportFormat;
import dev.factorgate.account.Segment;
import dev.factorgate.web.HttpProblem;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /api/accounts}: the streamed import, segment pages, one account, reset and unlock. The
 * import route is mounted before the body handler, because it reads the request as a stream.
 */
final class AccountRoutes {

  private final Vertx vertx;
  private final Services services;
  private final AccountAdmin accounts;
  private final AccountImport importer;

  AccountRoutes(Vertx vertx, Services services, AccountAdmin accounts, AccountImport importer) {
    this.vertx = vertx;
    this.services = services;
    this.accounts = accounts;
    this.importer = importer;
  }

  void mountStreaming(Router router) {
    router.post("/api/accounts/import").handler(this::importAccounts);
  }

  void mount(Router router) {
    router.get("/api/accounts").handler(this::page);
    router.get("/api/accounts/:user_id").handler(this::detail);
    router.post("/api/accounts/:user_id/reset").handler(this::reset);
    router.post("/api/accounts/:user_id/unlock").handler(this::unlock);
  }

  private void importAccounts(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    ImportFormat format = ImportFormat.ofContentType(req.getHeader(HttpHeaders.CONTENT_TYPE));
    if (format == null) {
      ctx.fail(new HttpProblem(415, "unsupported-media-type", "Unsupported media type",
          "Send the accounts as text/csv or application/x-ndjson."));
      return;
    }
    String actor = AdminAuth.actor(ctx);
    String ip = services.clients().ip(req);
    Context context = vertx.getOrCreateContext();
    RequestBodyStream body = new RequestBodyStream(context, req).start();
    // The whole import runs on a worker: parsing, validation and COPY block, the event loop must not.
    vertx.executeBlocking(() -> {
          try (body) {
            return importer.run(body, format, actor, ip, AccountImport.Progress.NONE);
          }
        }, false)
        .onSuccess(result -> Replies.json(ctx, 200, result.toJson()))
        // The rest of an upload refused early is read and dropped (RequestBodyStream.close), so the
        // client can read this answer instead of hitting a reset connection.
        .onFailure(e -> ctx.fail(e instanceof java.io.IOException ? HttpProblem.badRequest("The upload broke off; nothing was imported.") : e));
  }

  private void page(RoutingContext ctx) {
    Segment segment = Segment.of(ctx.request().getParam("segment"));
    if (segment == null) {
      ctx.fail(HttpProblem.badRequest("segment must be one of all, sms_only, enrolled, recycled."));
      return;
    }
    String after = ctx.request().getParam("after");
    if (after != null && after.length() > 200) {
      ctx.fail(HttpProblem.badRequest("after must be a user id (at most 200 characters)."));
      return;
    }
    int limit = Replies.intParam(ctx, "limit", 100, 1, 1000);
    accounts.page(segment, after, limit).onSuccess(page -> Replies.json(ctx, 200, page)).onFailure(ctx::fail);
  }

  private void detail(RoutingContext ctx) {
    accounts.detail(ctx.pathParam("user_id")).onSuccess(a -> Replies.json(ctx, 200, a)).onFailure(ctx::fail);
  }

  private void reset(RoutingContext ctx) {
    String reason = AccountAdmin.reason(Replies.body(ctx).getValue("reason"));
    accounts.reset(ctx.pathParam("user_id"), reason, AdminAuth.actor(ctx), services.clients().ip(ctx.request()))
        .onSuccess(r -> Replies.json(ctx, 200, r))
        .onFailure(ctx::fail);
  }

  /** No body: clears the throttle. {@code {"unfreeze":true,"reason"}} also lifts a "this wasn't me" freeze. */
  private void unlock(RoutingContext ctx) {
    boolean hasBody = ctx.body() != null && ctx.body().length() > 0;
    Object unfreeze = hasBody ? Replies.body(ctx).getValue("unfreeze") : null;
    if (unfreeze != null && !(unfreeze instanceof Boolean)) {
      ctx.fail(HttpProblem.badRequest("\"unfreeze\" must be true or false."));
      return;
    }
    String reason = Boolean.TRUE.equals(unfreeze)
        ? AccountAdmin.reason(Replies.body(ctx).getValue("reason"),
            "Lifting a freeze needs a \"reason\" (the review of the owner's report), for the audit log.")
        : null;
    accounts.unlock(ctx.pathParam("user_id"), reason, AdminAuth.actor(ctx), services.clients().ip(ctx.request()))
        .onSuccess(r -> Replies.json(ctx, 200, r))
        .onFailure(ctx::fail);
  }
}
