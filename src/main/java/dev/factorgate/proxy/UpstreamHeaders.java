package dev.factorgate.proxy;

import dev.factorgate.web.ClientAddress;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cleans what the client sends before the upstream sees it: headers that only the upstream may set
 * (the identity header, anything {@code X-Factorgate-*}) are removed, so they cannot be forged; the
 * gateway's own cookies stay at the gateway; X-Forwarded-For / -Proto / -Host describe the client.
 */
final class UpstreamHeaders implements ProxyInterceptor {

  private static final String FORWARDED_FOR = "X-Forwarded-For";
  private final ClientAddress clients;
  private final String identityHeader;

  UpstreamHeaders(ClientAddress clients, String identityHeader) {
    this.clients = clients;
    this.identityHeader = identityHeader;
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    MultiMap headers = context.request().headers();
    HttpServerRequest original = context.request().proxiedRequest();
    clean(headers);
    boolean trusted = clients.peerTrusted(original);
    String peer = original.remoteAddress() == null ? "unknown" : original.remoteAddress().hostAddress();
    String prior = trusted ? headers.get(FORWARDED_FOR) : null;
    headers.set(FORWARDED_FOR, prior == null || prior.isBlank() ? peer : prior + ", " + peer);
    if (!trusted || !headers.contains("X-Forwarded-Proto")) {
      headers.set("X-Forwarded-Proto", clients.secure(original) ? "https" : "http");
    }
    if (!trusted) {
      headers.remove("Forwarded");
      headers.remove("X-Real-IP");
      String host = original.getHeader("Host");
      if (host != null) {
        headers.set("X-Forwarded-Host", host);
      }
    }
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

  /** Removes the headers and cookies a client must not send to the upstream. */
  void clean(MultiMap headers) {
    if (identityHeader != null) {
      headers.remove(identityHeader);
    }
    List<String> forged = null;
    for (String name : headers.names()) {
      if (name.regionMatches(true, 0, "x-factorgate-", 0, 13)) {
        if (forged == null) {
          forged = new ArrayList<>(2);
        }
        forged.add(name);
      }
    }
    if (forged != null) {
      forged.forEach(headers::remove);
    }
    List<String> cookies = headers.getAll("Cookie");
    if (!cookies.isEmpty() && cookies.stream().anyMatch(c -> c.contains("fg_"))) {
      List<String> kept = new ArrayList<>();
      for (String header : cookies) {
        for (String pair : header.split(";")) {
          String p = pair.trim();
          String name = p.indexOf('=') < 0 ? p : p.substring(0, p.indexOf('='));
          if (!p.isEmpty() && !isGatewayCookie(name)) {
            kept.add(p);
          }
        }
      }
      headers.remove("Cookie");
      if (!kept.isEmpty()) {
        headers.set("Cookie", String.join("; ", kept));
      }
    }
  }

  static boolean isGatewayCookie(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.equals("fg_session") || n.equals("fg_pending") || n.equals("__host-fg_session") || n.equals("fg_csrf");
  }
}
