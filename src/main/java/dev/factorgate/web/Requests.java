package dev.factorgate.web;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** Reading request input strictly: JSON objects with typed fields, form fields, ids. */
public final class Requests {

  private Requests() {}

  /**
   * A router's first handler: a query string that cannot be decoded ({@code ?x=%zz}) is a 400 here,
   * before any route reads a parameter and fails where a failure can no longer be answered.
   */
  public static void readableQuery(RoutingContext ctx) {
    try {
      ctx.request().params();
    } catch (IllegalArgumentException e) {
      ctx.fail(HttpProblem.badRequest("The query string could not be read."));
      return;
    }
    ctx.next();
  }

  /** The JSON object body; an empty body is an empty object. Anything else is a 400. */
  public static JsonObject json(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    io.vertx.core.buffer.Buffer b = ctx.body() == null ? null : ctx.body().buffer();
    if (b == null || b.length() == 0) {
      return new JsonObject();
    }
    if (type != null && !type.toLowerCase().contains("json")) {
      throw new HttpProblem(415, "unsupported-media-type", "Unsupported media type", "Send a JSON body (Content-Type: application/json).");
    }
    int i = 0;
    while (i < b.length() && Character.isWhitespace(b.getByte(i))) {
      i++;
    }
    if (i < b.length() && b.getByte(i) == '{') {
      try {
        return new JsonObject(b);
      } catch (DecodeException | ClassCastException e) {
        throw HttpProblem.badRequest("The body is not valid JSON.");
      }
    }
    throw HttpProblem.badRequest("The body must be a JSON object.");
  }

  /** A string field; null when absent; a 400 when of another type or too long. */
  public static String string(JsonObject body, String field, int maxLength) {
    Object v = body.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw HttpProblem.badRequest("\"" + field + "\" must be a string.");
    }
    if (s.length() > maxLength || s.indexOf('\0') >= 0) {
      throw HttpProblem.badRequest("\"" + field + "\" is too long or contains invalid characters.");
    }
    return s;
  }

  public static String required(JsonObject body, String field, int maxLength) {
    String s = string(body, field, maxLength);
    if (s == null || s.isEmpty()) {
      throw HttpProblem.badRequest("\"" + field + "\" is required.");
    }
    return s;
  }

  /** A form field, bounded; null when absent. */
  public static String form(RoutingContext ctx, String field, int maxLength) {
    String v = ctx.request().getFormAttribute(field);
    if (v != null && (v.length() > maxLength || v.indexOf('\0') >= 0)) {
      throw HttpProblem.badRequest("The field " + field + " is too long or contains invalid characters.");
    }
    return v;
  }

  /** A path id; unknown-looking ids are simply not found. */
  public static UUID uuid(RoutingContext ctx, String param) {
    try {
      return UUID.fromString(ctx.pathParam(param));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw HttpProblem.notFound("There is no such factor.");
    }
  }
}
