package dev.factorgate.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into an answer: problem+json for JSON endpoints, a small readable page
 * otherwise. Unknown errors become 500 with a request id that is also in the log; nothing about the
 * failure itself reaches the client.
 */
public final class ErrorResponses {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

  private ErrorResponses() {}

  /** Router failure handler. */
  public static void handle(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    HttpProblem problem = toProblem(ctx.failure(), ctx.statusCode(), ctx.request());
    send(ctx.request(), problem);
  }

  /** Maps any failure (or a bare status set by a Vert.x handler) to a problem. */
  public static HttpProblem toProblem(Throwable failure, int status, HttpServerRequest request) {
    if (failure instanceof HttpProblem p) {
      return p;
    }
    if (isDatabaseUnavailable(failure)) {
      LOG.warn("request {} {}: database unavailable ({})", request.method(), loggable(request.path()), failure.getClass().getSimpleName());
      return HttpProblem.unavailable("The service is temporarily unavailable. Please try again in a moment.");
    }
    if (failure instanceof io.vertx.pgclient.PgException pg && UNSTORABLE_TEXT.contains(pg.getSqlState())) {
      // text PostgreSQL cannot hold (a NUL byte in an id, say) reached a query: the input's fault
      return HttpProblem.badRequest("The request contains characters that are not accepted.");
    }
    if (isContended(failure)) {
      // two changes to the same account met and PostgreSQL gave up one of them; it rolled back whole
      LOG.warn("request {} {}: database contention ({})", request.method(), loggable(request.path()),
          ((io.vertx.pgclient.PgException) failure).getSqlState());
      return HttpProblem.unavailable("Another change to this account was being made at the same moment. Please try again.");
    }
    if (failure instanceof IllegalArgumentException && failure.getMessage() != null && status < 0) {
      return HttpProblem.badRequest("The request could not be read.");
    }
    if (status >= 400 && status < 500) {
      return switch (status) {
        case 413 -> new HttpProblem(413, "payload-too-large", "Payload too large", "The request body is too large.");
        case 404 -> HttpProblem.notFound("There is nothing at this address.");
        case 405 -> new HttpProblem(405, "method-not-allowed", "Method not allowed", "This method is not allowed here.");
        case 415 -> new HttpProblem(415, "unsupported-media-type", "Unsupported media type", "This content type is not accepted here.");
        default -> new HttpProblem(status, "bad-request", "Bad request", "The request could not be processed.");
      };
    }
    String id = UUID.randomUUID().toString();
    LOG.error("request {} {} failed (request id {})", request.method(), loggable(request.path()), id, failure);
    return new HttpProblem(500, "internal-error", "Internal error", "Something went wrong (request id " + id + ").");
  }

  /** SQLSTATEs of text PostgreSQL refuses to store: 22021 (a NUL or invalid byte), 22P05 (untranslatable). */
  private static final java.util.Set<String> UNSTORABLE_TEXT = java.util.Set.of("22021", "22P05");

  /** SQLSTATEs of a transaction given up for contention: deadlock, serialization failure, lock timeout. */
  private static final java.util.Set<String> CONTENDED = java.util.Set.of("40P01", "40001", "55P03");

  /** True for a transaction PostgreSQL gave up for contention: the answer is 503 and the client retries. */
  public static boolean isContended(Throwable failure) {
    return failure instanceof io.vertx.pgclient.PgException pg && CONTENDED.contains(pg.getSqlState());
  }

  /**
   * True for failures that mean PostgreSQL cannot be reached right now (connection refused or
   * closed, server shutting down, pool wait timeout): the answer is 503 and the client retries.
   */

  public static boolean isDatabaseUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof java.net.ConnectException
          || t instanceof io.vertx.core.http.HttpClosedException
          || t.getClass().getName().startsWith("io.vertx.core.net.impl.ConnectionBase")
          || t.getClass().getSimpleName().equals("ClosedConnectionException")
          || t instanceof java.util.concurrent.TimeoutException
          || t.getClass().getSimpleName().equals("NoStackTraceTimeoutException")) {
        return true;
      }
      if (t instanceof io.vertx.pgclient.PgException pg) {
        String state = pg.getSqlState();
        return state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"));
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /**
   * A path fit for a log line: segments that look like tokens (one-time links put them in paths,
   * and so do many sites' own password-reset links) are replaced by {@code …}.
   */
  public static String loggable(String path) {
    return path == null ? null : TOKEN_LIKE.matcher(path).replaceAll("/…");
  }

  private static final java.util.regex.Pattern TOKEN_LIKE = java.util.regex.Pattern.compile("/[A-Za-z0-9_=%.~-]{20,}");

  /** Writes a problem in the form the request expects; a browser gets the minimal page. */
  public static void send(HttpServerRequest request, HttpProblem problem) {
    send(request, problem, Html::errorPage);
  }

  /** Writes a problem in the form the request expects, with this page for a browser. */
  public static void send(HttpServerRequest request, HttpProblem problem, Function<HttpProblem, String> page) {
    HttpServerResponse response = request.response();
    if (response.ended() || response.headWritten()) {
      return;
    }
    response.setStatusCode(problem.status());
    problem.headers().forEach(response::putHeader);
    response.putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    if (wantsJson(request)) {
      response
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
          .end(problemJson(problem).encode());
    } else {
      response
          .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
          .putHeader("Content-Security-Policy", SecurityHeaders.CSP)
          .putHeader("X-Content-Type-Options", "nosniff")
          .end(page.apply(problem));
    }
  }

  public static JsonObject problemJson(HttpProblem p) {
    return new JsonObject()
        .put("type", p.type())
        .put("title", p.title())
        .put("status", p.status())
        .put("detail", p.detail());
  }

  /**
   * JSON answers go to API paths and to clients that ask for JSON; a browser (which sends
   * text/html first) gets a page.
   */
  public static boolean wantsJson(HttpServerRequest request) {
    String path = request.path();
    if (path != null && (path.contains("/api/") || path.endsWith("/api"))) {
      return true;
    }
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    if (accept == null) {
      return false;
    }
    int json = accept.indexOf("json");
    int html = accept.indexOf("text/html");
    return json >= 0 && (html < 0 || json < html);
  }
}
