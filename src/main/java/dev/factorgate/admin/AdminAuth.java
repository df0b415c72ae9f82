package dev.factorgate.admin;

import dev.factorgate.web.HttpProblem;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Who is calling the admin listener. The JSON API accepts only {@code Authorization: Bearer
 * <token>}; the dashboard accepts that header too, or the {@code fg_admin} cookie set by its login
 * form (HttpOnly, SameSite=Strict, so another site can neither read it nor make a browser send it).
 * The cookie is never accepted by the API: a state-changing call always carries its token
 * explicitly, and needs no CSRF defence.
 */
public final class AdminAuth {

  /** Routing-context key of the actor recorded in the audit log: {@code admin:<token name>}. */
  public static final String ACTOR = "factorgate.admin.actor";

  static final String COOKIE = "fg_admin";

  private final AdminTokens tokens;

  public AdminAuth(AdminTokens tokens) {
    this.tokens = tokens;
  }

  /** Route handler for {@code /api/*}: continues with the actor set, or fails with 401. */
  public void api(RoutingContext ctx) {
    String bearer = bearer(ctx.request());
    String name = tokens.authenticate(bearer);
    if (name == null) {
      ctx.fail(unauthorized(bearer != null));
      return;
    }
    ctx.put(ACTOR, "admin:" + name);
    ctx.next();
  }

  /** The actor of a dashboard request (bearer header or login cookie), or null. */
  String page(RoutingContext ctx) {
    String bearer = bearer(ctx.request());
    String name = tokens.authenticate(bearer != null ? bearer : cookieToken(ctx.request()));
    return name == null ? null : "admin:" + name;
  }

  /** The name of a token typed into the login form, or null. */
  String login(String token) {
    return tokens.authenticate(token == null ? null : token.strip());
  }

  /** The actor a handler behind {@link #api} acts as. */
  public static String actor(RoutingContext ctx) {
    String a = ctx.get(ACTOR);
    return a == null ? "admin:unknown" : a;
  }

  /** 401 with the challenge of RFC 6750; {@code presented} says a token was sent but is wrong. */
  static HttpProblem unauthorized(boolean presented) {
    String challenge = presented ? "Bearer realm=\"factorgate admin\", error=\"invalid_token\"" : "Bearer realm=\"factorgate admin\"";
    return new HttpProblem(401, "unauthorized", "Unauthorized",
        presented ? "The admin token is not valid." : "An admin token is required (Authorization: Bearer <token>).",
        Map.of("WWW-Authenticate", challenge));
  }

  /**
   * The cookie value: the token base64url-encoded, so that a token from FACTORGATE_ADMIN_TOKEN with
   * characters a cookie cannot carry still works.
   */
  static String cookieValue(String token) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token.getBytes(StandardCharsets.UTF_8));
  }

  private static String cookieToken(HttpServerRequest request) {
    String v = dev.factorgate.session.GatewayCookies.cookie(request, COOKIE);
    if (v == null || v.length() > 2 * AdminTokens.MAX_TOKEN) {
      return null;
    }
    try {
      return new String(Base64.getUrlDecoder().decode(v), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static String bearer(HttpServerRequest request) {
    String auth = request.getHeader("Authorization");
    if (auth != null && auth.length() > 7 && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String t = auth.substring(7).strip();
      return t.isEmpty() ? null : t;
    }
    return null;
  }
}
