package dev.factorgate.admin;

import dev.factorgate.web.HttpProblem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** JSON in and out for the admin API. */
final class Replies {

  private Replies() {}

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(body.encode());
  }

  /** The request body as a JSON object, or 400. */
  static JsonObject body(RoutingContext ctx) {
    Buffer b = ctx.body() == null ? null : ctx.body().buffer();
    if (b == null || b.length() == 0) {
      throw HttpProblem.badRequest("The request needs a JSON object as its body.");
    }
    try {
      Object v = Json.decodeValue(b);
      if (v instanceof JsonObject o) {
        return o;
      }
    } catch (DecodeException e) {
      throw HttpProblem.badRequest("The body is not valid JSON.");
    }
    throw HttpProblem.badRequest("The body must be a JSON object.");
  }

  /** An optional integer query parameter within bounds, or 400. */
  static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
    String v = ctx.request().getParam(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      int i = Integer.parseInt(v.strip());
      if (i >= min && i <= max) {
        return i;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw HttpProblem.badRequest(name + " must be a whole number from " + min + " to " + max + ".");
  }
}
