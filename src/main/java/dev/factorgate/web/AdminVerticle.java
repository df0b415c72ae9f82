package dev.factorgate.web;

import dev.factorgate.Services;
import dev.factorgate.admin.AdminRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * The admin listener (loopback by default): health, readiness and metrics (open), the admin API and
 * the dashboard (behind an admin token, see {@link AdminRoutes}).
 */
public final class AdminVerticle extends VerticleBase {

  private final Services services;
  private final int port;
  private HttpServer server;

  public AdminVerticle(Services services, int port) {
    this.services = services;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(SecurityHeaders::handle);
    router.route().handler(Requests::readableQuery);
    router.get("/health").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "up")));
    router.get("/ready").handler(this::ready);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(services.metrics()));
    router.get("/static/*").handler(StaticAssets.handler());
    AdminRoutes.mount(vertx, router, services);
    router.route().last().handler(ctx -> ctx.fail(404));
    router.route().failureHandler(ErrorResponses::handle);
    return vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(port, services.config().server().admin().host())
        .onSuccess(s -> server = s);
  }

  private void ready(RoutingContext ctx) {
    services
        .database()
        .ready()
        .onComplete(
            ar -> {
              boolean ok = ar.succeeded() && ar.result();
              json(ctx, ok ? 200 : 503, new JsonObject().put("status", ok ? "ready" : "not ready").put("database", ok));
            });
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }
}
