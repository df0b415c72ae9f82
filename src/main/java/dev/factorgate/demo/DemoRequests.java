package dev.factorgate.demo;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.Cookie;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Request reading and response writing shared by the demo's routes.
 *
 * <p>Every endpoint accepts both an HTML form post and a JSON body, because the gateway is tested
 * with browsers and with API clients. Anything a client can get wrong (malformed JSON, a number
 * where a string belongs, broken percent-encoding) becomes {@link BadInput} and thus a 400,
 * never a 500.
 */
final class DemoRequests {

  /** Longest {@code next} we carry; real in-site paths are much shorter. */
  private static final int MAX_NEXT_LENGTH = 2048;

  private DemoRequests() {
  }

  /** A client mistake, answered with 400 and {@code {"error": error}}. */
  static final class BadInput extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String error;

    BadInput(String error, String message) {
      super(message, null, false, false);
      this.error = error;
    }

    String error() {
      return error;
    }
  }

  /**
   * The fields of a form or JSON request body.
   *
   * @param json the JSON object, or {@code null} for a form post
   * @param form form attributes (empty for JSON)
   */
  record Fields(JsonObject json, MultiMap form) {

    /**
     * @param name field name
     * @return its string value, or {@code null} if absent
     * @throws BadInput if a JSON field is present but not a string
     */
    String get(String name) {
      if (json == null) {
        return form.get(name);
      }
      Object value = json.getValue(name);
      if (value == null || value instanceof String) {
        return (String) value;
      }
      throw new BadInput("invalid_request", "field '" + name + "' must be a string");
    }
  }

  /**
   * @param ctx the request
   * @return whether the body is declared as JSON ({@code application/json} or {@code +json})
   */
  static boolean hasJsonBody(RoutingContext ctx) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (type == null) {
      return false;
    }
    String mime = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return mime.equals("application/json") || mime.endsWith("+json");
  }

  /**
   * Whether to answer with JSON: the client sent JSON or asked for it in {@code Accept}.
   *
   * @param ctx the request
   * @return {@code true} for API clients
   */
  static boolean wantsJson(RoutingContext ctx) {
    if (hasJsonBody(ctx)) {
      return true;
    }
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/json");
  }

  /**
   * Reads the request body as JSON object or form.
   *
   * @param ctx the request, after the body handler ran
   * @return the fields
   * @throws BadInput for a JSON body that is not a JSON object
   */
  static Fields fields(RoutingContext ctx) {
    if (!hasJsonBody(ctx)) {
      return new Fields(null, ctx.request().formAttributes());
    }
    JsonObject json;
    try {
      json = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      // DecodeException for broken JSON, ClassCastException-like failures for arrays/scalars.
      throw new BadInput("malformed_json", "request body is not a JSON object");
    }
    if (json == null) {
      throw new BadInput("malformed_json", "request body is empty");
    }
    return new Fields(json, MultiMap.caseInsensitiveMultiMap());
  }

  /**
   * A query parameter, with broken encoding reported as bad input.
   *
   * @param ctx  the request
   * @param name parameter name
   * @return the first value, or {@code null}
   */
  static String query(RoutingContext ctx, String name) {
    try {
      List<String> values = ctx.queryParam(name);
      return values.isEmpty() ? null : values.get(0);
    } catch (RuntimeException e) {
      throw new BadInput("invalid_request", "malformed query string");
    }
  }

  /**
   * Keeps {@code next} only if it is a path on this site. {@code //host} and {@code /\host} are
   * treated by browsers as other hosts, and control characters can turn into either after the
   * browser strips them, so all of those fall back to {@code /}. Non-ASCII is refused too: the
   * value ends up in a {@code Location} header, and browsers send paths percent-encoded anyway.
   *
   * @param raw the requested target, may be {@code null}
   * @return a safe local path
   */
  static String safeNext(String raw) {
    if (raw == null || raw.isEmpty() || raw.length() > MAX_NEXT_LENGTH || raw.charAt(0) != '/') {
      return "/";
    }
    if (raw.length() > 1 && (raw.charAt(1) == '/' || raw.charAt(1) == '\\')) {
      return "/";
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return "/";
      }
    }
    return raw;
  }

  /**
   * The session token of the request: a bearer token if present, otherwise the session cookie.
   * Headers such as {@code X-Authenticated-User} are never consulted; the demo trusts only its
   * own sessions.
   *
   * @param ctx the request
   * @return the token, if the request carries one
   */
  static Optional<String> sessionToken(RoutingContext ctx) {
    String auth = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = auth.substring(7).strip();
      return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
    Cookie cookie = ctx.request().getCookie(DemoSessions.COOKIE);
    return cookie == null || cookie.getValue().isEmpty()
        ? Optional.empty() : Optional.of(cookie.getValue());
  }

  /** Sends a JSON answer. */
  static void json(RoutingContext ctx, int status, JsonObject body) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(body.encode());
  }

  /** Sends {@code {"error": error}}. */
  static void jsonError(RoutingContext ctx, int status, String error) {
    json(ctx, status, new JsonObject().put("error", error));
  }

  /** Sends an HTML page. */
  static void html(RoutingContext ctx, int status, String page) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8").end(page);
  }

  /** Sends a {@code 303 See Other}, so the browser follows up with GET after a form post. */
  static void seeOther(RoutingContext ctx, String location) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(303).putHeader(HttpHeaders.LOCATION, location).end();
  }
}
