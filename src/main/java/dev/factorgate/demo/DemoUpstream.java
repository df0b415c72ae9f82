package dev.factorgate.demo;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo upstream: an example of an <em>existing</em> website with "phone + SMS code" and
 * password login, which factorgate is put in front of. It is not part of the gateway.
 *
 * <p>Deploy one instance per {@link DemoOptions}; users, codes and sessions are held by the
 * instance. Routes:
 * <ul>
 *   <li>{@code GET /login}, {@code POST /login/sms/send}, {@code POST /login/sms},
 *       {@code POST /login/password} &mdash; see {@link LoginRoutes}</li>
 *   <li>{@code GET /}, {@code GET /account}, {@code GET /api/me}, {@code POST /logout},
 *       {@code POST /api/phone} &mdash; see {@link AccountRoutes}</li>
 *   <li>{@code GET /static/ping} &mdash; {@code pong}, a cheap target for proxy benchmarks</li>
 * </ul>
 */
public final class DemoUpstream extends VerticleBase {

  /** Largest request body accepted; larger ones get 413. */
  public static final int BODY_LIMIT = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(DemoUpstream.class);

  private final DemoOptions options;
  private final SmsOutbox outbox;
  private final PhoneNumbers phones = new PhoneNumbers();
  private final DemoUsers users = DemoUsers.seeded(phones);
  private final DemoSessions sessions = new DemoSessions();
  private final SmsCodes codes = new SmsCodes();
  private final DemoPages pages;
  private volatile HttpServer server;

  /**
   * A demo upstream that is not yet deployed.
   *
   * @param options where to listen and where to write SMS codes
   */
  public DemoUpstream(DemoOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.outbox = new SmsOutbox(options.outboxDir());
    this.pages = new DemoPages(outbox.file().toString());
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer()
        .requestHandler(router())
        .listen(options.port(), options.host())
        .onSuccess(s -> {
          server = s;
          LOG.info("Demo upstream (an example site, not factorgate) on http://{}:{}/",
              options.host(), s.actualPort());
        });
  }

  @Override
  public Future<?> stop() {
    HttpServer s = server;
    return s == null ? Future.succeededFuture() : s.close();
  }

  /**
   * The port the server is bound to; useful when {@link DemoOptions#port()} was {@code 0}.
   *
   * @return the bound port
   * @throws IllegalStateException before the verticle has started
   */
  public int actualPort() {
    HttpServer s = server;
    if (s == null) {
      throw new IllegalStateException("demo upstream not started");
    }
    return s.actualPort();
  }

  /**
   * The SMS outbox, so tests can read the code "sent" to a phone.
   *
   * @return the outbox of this instance
   */
  public SmsOutbox outbox() {
    return outbox;
  }

  private Router router() {
    Router router = Router.router(vertx);
    router.route().handler(DemoUpstream::commonHeaders);
    // No file uploads: the site has no upload form, and Vert.x would otherwise create an
    // uploads directory in the working directory.
    router.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    router.get("/static/ping").handler(ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end("pong"));
    new LoginRoutes(vertx, users, sessions, codes, outbox, phones, pages).mount(router);
    new AccountRoutes(users, sessions, phones, pages).mount(router);
    router.route().failureHandler(this::failure);
    router.errorHandler(404, ctx -> error(ctx, 404));
    router.errorHandler(405, ctx -> error(ctx, 405));
    return router;
  }

  private static void commonHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "same-origin");
    ctx.next();
  }

  /**
   * Turns any failure into a small HTML or JSON answer. Client mistakes keep their 4xx status;
   * only genuine bugs or I/O errors become 500, and those are logged.
   */
  private void failure(RoutingContext ctx) {
    Throwable cause = ctx.failure();
    if (cause instanceof DemoRequests.BadInput bad) {
      respond(ctx, 400, bad.error(), "Bad request", bad.getMessage());
      return;
    }
    int status = ctx.statusCode();
    if (status < 400 || status > 599) {
      status = 500;
    }
    if (status >= 500) {
      LOG.error("Demo upstream failed on {} {}", ctx.request().method(), ctx.request().path(),
          cause);
    }
    error(ctx, status);
  }

  private void error(RoutingContext ctx, int status) {
    switch (status) {
      case 400 -> respond(ctx, 400, "invalid_request", "Bad request", "The request was malformed.");
      case 404 -> respond(ctx, 404, "not_found", "Not found", "There is no such page.");
      case 405 -> respond(ctx, 405, "method_not_allowed", "Method not allowed",
          "This page does not accept that method.");
      case 413 -> respond(ctx, 413, "payload_too_large", "Request too large",
          "The request body is larger than " + BODY_LIMIT + " bytes.");
      default -> respond(ctx, status, status >= 500 ? "internal_error" : "request_failed",
          "Something went wrong", "The demo site could not handle this request.");
    }
  }

  private void respond(RoutingContext ctx, int status, String error, String title,
      String message) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      // Too late for a proper answer; a reset tells the client the response is incomplete.
      response.reset();
      return;
    }
    if (DemoRequests.wantsJson(ctx) || ctx.request().path().startsWith("/api/")) {
      DemoRequests.jsonError(ctx, status, error);
    } else {
      DemoRequests.html(ctx, status, pages.error(title, message));
    }
  }
}
