package dev.factorgate.web;

import dev.factorgate.Services;
import dev.factorgate.config.GatewayConfig;
import dev.factorgate.proxy.Passthrough;
import dev.factorgate.proxy.RequestPaths;
import dev.factorgate.proxy.UpstreamClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.httpproxy.HttpProxy;

/**
 * The public listener. One instance per event loop. Requests under the prefix go to the gateway's
 * router; everything else is proxied without touching the database.
 */
public final class PublicVerticle extends VerticleBase {

  private final Services services;
  private final int port;
  private HttpClient client;
  private HttpProxy passthrough;
  private Router gateway;
  private String prefix;

  public PublicVerticle(Services services, int port) {
    this.services = services;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    GatewayConfig config = services.config();
    prefix = config.server().prefix();
    client = UpstreamClient.create(vertx, config.upstream());
    passthrough = Passthrough.create(client, config, services.clients());
    gateway = gatewayRouter(config);
    HttpServerOptions options =
        new HttpServerOptions()
            .setIdleTimeout(120)
            .setMaxHeaderSize(16 * 1024)
            .setCompressionSupported(false);
    return vertx
        .createHttpServer(options)
        .requestHandler(this::dispatch)
        .listen(port, config.server().publicListener().host());
  }

  private void dispatch(HttpServerRequest request) {
    String path = request.path();
    if (RequestPaths.isAmbiguous(path)) {
      ErrorResponses.send(request, HttpProblem.badRequest("The request path is not in canonical form."));
      return;
    }
    if (path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
      gateway.handle(request);
      return;
    }
    passthrough.handle(request);
  }

  private Router gatewayRouter(GatewayConfig config) {
    Router router = Router.router(vertx);
    router.route().handler(SecurityHeaders::handle);
    router.route().handler(BodyHandler.create(false).setBodyLimit(config.server().maxBody()));
    router.route().last().handler(ctx -> ctx.fail(404));
    router.route().failureHandler(ErrorResponses::handle);
    return router;
  }

  @Override
  public Future<?> stop() {
    return client == null ? Future.succeededFuture() : client.close();
  }
}
