package dev.factorgate.web;

import dev.factorgate.Services;
import dev.factorgate.config.GatewayConfig;
import dev.factorgate.enrolment.EnrolmentLinks;
import dev.factorgate.factor.FactorService;
import dev.factorgate.factor.email.EmailCodes;
import dev.factorgate.factor.SecondFactors;
import dev.factorgate.factor.recovery.RecoveryCodes;
import dev.factorgate.proxy.LoginAnswers;
import dev.factorgate.proxy.LoginGate;
import dev.factorgate.proxy.LoginInterceptor;
import dev.factorgate.proxy.LoginRoutes;
import dev.factorgate.proxy.Passthrough;
import dev.factorgate.proxy.PassthroughHandler;
import dev.factorgate.session.GatewayCookies;
import dev.factorgate.proxy.RequestPaths;
import dev.factorgate.proxy.UpstreamClient;
import io.vertx.core.Future;
import io.vertx.core.Handler;
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
  private Handler<HttpServerRequest> passthrough;
  private HttpProxy loginProxy;
  private LoginRoutes loginRoutes;
  private Router gateway;
  private String prefix;
  private ErrorPages errorPages;

  public PublicVerticle(Services services, int port) {
    this.services = services;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    GatewayConfig config = services.config();
    prefix = config.server().prefix();
    client = UpstreamClient.create(vertx, config.upstream());
    passthrough =
        new PassthroughHandler(client, config, services.clients(), Passthrough.create(client, config, services.clients()));
    Pages pages = new Pages();
    errorPages = new ErrorPages(pages, prefix, config.upstream().loginPage());
    LoginGate gate = new LoginGate(services);
    LoginAnswers answers = new LoginAnswers(config, new GatewayCookies(config.server(), services.clients()), pages);
    LoginInterceptor interceptor = new LoginInterceptor(services, gate, answers, errorPages);
    loginRoutes = interceptor.routes();
    loginProxy = Passthrough.create(client, config, services.clients(), interceptor);
    RecoveryCodes recoveryCodes = new RecoveryCodes(services.masterKeys());
    EmailCodes emailCodes = new EmailCodes(services, services.mailer());
    FactorService factorService = new FactorService(services, recoveryCodes, emailCodes);
    HeldLoginRoutes held = new HeldLoginRoutes(services, gate, answers, factorService);
    SecondFactors secondFactors = new SecondFactors(services, recoveryCodes, emailCodes);
    Principals principals = new Principals(services, gate);
    gateway = gatewayRouter(config, router -> {
      held.mount(router);
      new ChallengeRoutes(services, gate, answers, held, secondFactors, principals, emailCodes).mount(router);
      new FactorRoutes(services, factorService, principals, answers).mount(router);
      new dev.factorgate.notify.ReportRoutes(services, answers, gate.audit()).mount(router);
      new EnrolmentLinkRoutes(services, gate, answers,
          new EnrolmentLinks(services.pool(), services.random(), gate.audit())).mount(router);
    });
    HttpServerOptions options =
        new HttpServerOptions()
            .setIdleTimeout(120)
            .setMaxHeaderSize(16 * 1024)
            .setCompressionSupported(false)
            // WebSockets are tunnelled to the upstream, which negotiates their extensions: without
            // these the gateway's pipeline carries no WebSocket extension handler for every request
            .setPerFrameWebSocketCompressionSupported(false)
            .setPerMessageWebSocketCompressionSupported(false);
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
    if (loginRoutes.match(request) != null) {
      loginProxy.handle(request);
      return;
    }
    passthrough.handle(request);
  }

  private Router gatewayRouter(GatewayConfig config, java.util.function.Consumer<Router> routes) {
    Router root = Router.router(vertx);
    Router router = Router.router(vertx);
    router.route().handler(SecurityHeaders::handle);
    router.route().handler(Requests::readableQuery);
    router.get("/static/*").handler(StaticAssets.handler());
    router.route().handler(BodyHandler.create(false).setBodyLimit(config.server().maxBody()));
    routes.accept(router);
    router.route().last().handler(ctx -> ctx.fail(404));
    router.route().failureHandler(errorPages::handle);
    root.route(prefix + "/*").subRouter(router);
    root.route().last().handler(ctx -> ctx.fail(404));
    root.route().failureHandler(errorPages::handle);
    return root;
  }

  @Override
  public Future<?> stop() {
    return client == null ? Future.succeededFuture() : client.close();
  }
}
