package dev.factorgate.session;

import dev.factorgate.config.GatewayConfig;
import dev.factorgate.web.ClientAddress;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;

/**
 * The gateway's cookies: {@code fg_pending} (the held login, scoped to the prefix) and the session
 * cookie ({@code __Host-fg_session} over HTTPS, {@code fg_session} otherwise). All HttpOnly and
 * SameSite=Lax; Secure per {@code server.secure_cookies}.
 */
public final class GatewayCookies {

  public static final String PENDING = "fg_pending";
  public static final String SESSION = "fg_session";
  public static final String SESSION_HOST = "__Host-fg_session";
  public static final String SESSION_HEADER = "Factorgate-Session";

  private final GatewayConfig.Server server;
  private final ClientAddress clients;

  public GatewayCookies(GatewayConfig.Server server, ClientAddress clients) {
    this.server = server;
    this.clients = clients;
  }

  public boolean secure(HttpServerRequest request) {
    return switch (server.secureCookies()) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO -> clients.secure(request);
    };
  }

  public String pending(HttpServerRequest request, String token, Duration ttl) {
    return PENDING + "=" + token + "; Path=" + server.prefix() + "; Max-Age=" + ttl.toSeconds()
        + "; HttpOnly; SameSite=Lax" + (secure(request) ? "; Secure" : "");
  }

  public String clearPending(HttpServerRequest request) {
    return PENDING + "=; Path=" + server.prefix() + "; Max-Age=0; HttpOnly; SameSite=Lax" + (secure(request) ? "; Secure" : "");
  }

  public String session(HttpServerRequest request, String token, Duration ttl) {
    boolean secure = secure(request);
    return (secure ? SESSION_HOST : SESSION) + "=" + token + "; Path=/; Max-Age=" + ttl.toSeconds()
        + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
  }

  /** The pending-login token: the cookie, or {@code Authorization: Bearer} for API clients. */
  public static String pendingToken(HttpServerRequest request) {
    String bearer = bearer(request);
    return bearer != null ? bearer : cookie(request, PENDING);
  }

  /** The session token: header, bearer, or cookie. */
  public static String sessionToken(HttpServerRequest request) {
    String header = request.getHeader(SESSION_HEADER);
    if (header != null && !header.isBlank()) {
      return header.trim();
    }
    String bearer = bearer(request);
    if (bearer != null) {
      return bearer;
    }
    String c = cookie(request, SESSION_HOST);
    return c != null ? c : cookie(request, SESSION);
  }

  static String bearer(HttpServerRequest request) {
    String auth = request.getHeader("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String t = auth.substring(7).trim();
      return t.isEmpty() ? null : t;
    }
    return null;
  }

  /** A cookie's value from the request; the first one wins. */
  public static String cookie(HttpServerRequest request, String name) {
    for (String header : request.headers().getAll("Cookie")) {
      for (String pair : header.split(";")) {
        String p = pair.trim();
        int eq = p.indexOf('=');
        if (eq > 0 && p.substring(0, eq).equals(name)) {
          String v = p.substring(eq + 1).trim();
          return v.isEmpty() ? null : v;
        }
      }
    }
    return null;
  }
}
