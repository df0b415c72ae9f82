package dev.factorgate.proxy;

import dev.factorgate.web.ClientAddress;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * Cleans what the client sends before the upstream sees it: headers that only the upstream may set
 * (the identity header, anything {@code X-Factorgate-*}) are removed, so they cannot be forged; the
 * gateway's own cookies stay at the gateway; X-Forwarded-For / -Proto / -Host describe the client.
 * Hop-by-hop headers and {@code Host} are not forwarded (the upstream request names its own host).
 *
 * <p>Used by the plain passthrough ({@link #copyForUpstream}, one pass over the headers, no copy in
 * between) and, as an interceptor, by the proxy of login routes.
 */
final class UpstreamHeaders implements ProxyInterceptor {

  private static final String FORWARDED_FOR = "X-Forwarded-For";
  private static final String FORWARDED_PROTO = "X-Forwarded-Proto";
  private static final String FORWARDED_HOST = "X-Forwarded-Host";
  private final ClientAddress clients;
  private final String identityHeader;

  UpstreamHeaders(ClientAddress clients, String identityHeader) {
    this.clients = clients;
    this.identityHeader = identityHeader;
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    MultiMap headers = context.request().headers();
    headers.clear();
    copyForUpstream(context.request().proxiedRequest(), headers);
    return context.sendRequest();
  }

  /** The identity header is for the gateway only; the client never sees it. */
  @Override
  public Future<Void> handleProxyResponse(ProxyContext context) {
    if (identityHeader != null) {
      context.response().headers().remove(identityHeader);
    }
    return context.sendResponse();
  }

  /**
   * Adds to {@code target} the headers of {@code request} that the upstream may see, followed by
   * the X-Forwarded-* headers. Headers from a trusted proxy keep its forwarding headers.
   */
  void copyForUpstream(HttpServerRequest request, MultiMap target) {
    Copy copy = new Copy(target, clients.peerTrusted(request));
    request.headers().forEach(copy);
    if (copy.cookies != null) {
      if (hasGatewayCookie(copy.cookies)) {
        String kept = withoutGatewayCookies(copy.cookies);
        if (kept != null) {
          target.add("Cookie", kept);
        }
      } else {
        target.add("Cookie", copy.cookies);
      }
    }
    String peer = peer(request);
    String prior = copy.priorFor;
    target.add(FORWARDED_FOR, prior == null || prior.isBlank() ? peer : prior + ", " + peer);
    if (!copy.hasProto) {
      target.add(FORWARDED_PROTO, clients.secure(request) ? "https" : "http");
    }
    if (!copy.trusted && copy.host != null) {
      target.add(FORWARDED_HOST, copy.host);
    }
  }

  /** One pass over the client's headers (forEach visits them without an iterator per entry). */
  private final class Copy implements BiConsumer<String, String> {
    final MultiMap target;
    final boolean trusted;
    String priorFor;
    boolean hasProto;
    String host;
    List<String> cookies;

    Copy(MultiMap target, boolean trusted) {
      this.target = target;
      this.trusted = trusted;
    }

    @Override
    public void accept(String name, String value) {
      switch (kind(name)) {
        case PASS -> target.add(name, value);
        case DROP -> { }
        case HOST -> {
          if (host == null) {
            host = value;
          }
        }
        case FORWARDED_FOR_HEADER -> {
          if (trusted) {
            priorFor = priorFor == null ? value : priorFor + ", " + value;
          }
        }
        case FORWARDED_PROTO_HEADER -> {
          if (trusted) {
            hasProto = true;
            target.add(name, value);
          }
        }
        case CLIENT_FORWARDING -> {
          if (trusted) {
            target.add(name, value);
          }
        }
        case COOKIE -> {
          if (cookies == null) {
            cookies = new ArrayList<>(2);
          }
          cookies.add(value);
        }
      }
    }
  }

  private static String peer(HttpServerRequest request) {
    SocketAddress a = request.remoteAddress();
    String ip = a == null ? null : a.hostAddress();
    return ip == null ? "unknown" : ip;
  }

  private enum Kind {
    PASS,
    DROP,
    HOST,
    COOKIE,
    FORWARDED_FOR_HEADER,
    FORWARDED_PROTO_HEADER,
    /** Forwarded, X-Real-IP, X-Forwarded-Host: believed only from a trusted proxy. */
    CLIENT_FORWARDING
  }

  /**
   * What to do with a request header, decided on its length before any string comparison, so that
   * an ordinary header costs a switch and at most two comparisons.
   */
  private Kind kind(String name) {
    int n = name.length();
    if (identityHeader != null && n == identityHeader.length() && name.equalsIgnoreCase(identityHeader)) {
      return Kind.DROP; // only the upstream may name the user
    }
    if (n >= 13 && (name.charAt(0) | 0x20) == 'x' && name.regionMatches(true, 0, "x-factorgate-", 0, 13)) {
      return Kind.DROP; // only the gateway and the upstream may speak X-Factorgate-*
    }
    if (HopByHop.is(name)) {
      return Kind.DROP;
    }
    switch (n) {
      case 4:
        return name.equalsIgnoreCase("host") ? Kind.HOST : Kind.PASS;
      case 6:
        return name.equalsIgnoreCase("cookie") ? Kind.COOKIE : Kind.PASS;
      case 9:
        return name.equalsIgnoreCase("forwarded") || name.equalsIgnoreCase("x-real-ip") ? Kind.CLIENT_FORWARDING : Kind.PASS;
      case 15:
        return name.equalsIgnoreCase(FORWARDED_FOR) ? Kind.FORWARDED_FOR_HEADER : Kind.PASS;
      case 16:
        return name.equalsIgnoreCase(FORWARDED_HOST) ? Kind.CLIENT_FORWARDING : Kind.PASS;
      case 17:
        if (name.equalsIgnoreCase(FORWARDED_PROTO)) {
          return Kind.FORWARDED_PROTO_HEADER;
        }
        return Kind.PASS;
      case 18:
        // the gateway's own session token (Factorgate-Session) is the gateway's, never the site's
        return name.equalsIgnoreCase("factorgate-session") ? Kind.DROP : Kind.PASS;
      default:
        return Kind.PASS;
    }
  }

  private static boolean hasGatewayCookie(List<String> headers) {
    for (String h : headers) {
      if (h.contains("fg_")) {
        return true;
      }
    }
    return false;
  }

  /** The Cookie headers joined, without the gateway's cookies; null when nothing is left. */
  static String withoutGatewayCookies(List<String> headers) {
    StringBuilder kept = new StringBuilder();
    for (String header : headers) {
      for (String pair : header.split(";")) {
        String p = pair.trim();
        int eq = p.indexOf('=');
        String name = eq < 0 ? p : p.substring(0, eq);
        if (!p.isEmpty() && !isGatewayCookie(name)) {
          if (kept.length() > 0) {
            kept.append("; ");
          }
          kept.append(p);
        }
      }
    }
    return kept.length() == 0 ? null : kept.toString();
  }

  static boolean isGatewayCookie(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.equals("fg_session") || n.equals("fg_pending") || n.equals("__host-fg_session") || n.equals("fg_csrf");
  }
}
