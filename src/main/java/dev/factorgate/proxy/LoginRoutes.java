package dev.factorgate.proxy;

import dev.factorgate.config.GatewayConfig.LoginRoute;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** Finds the configured login route a request belongs to, on the canonical path. */
public final class LoginRoutes {

  private final Map<String, LoginRoute> byMethodAndPath = new HashMap<>();

  public LoginRoutes(List<LoginRoute> routes) {
    for (LoginRoute r : routes) {
      byMethodAndPath.put(r.method().toUpperCase(Locale.ROOT) + " " + RequestPaths.canonical(r.path()), r);
    }
  }

  /** The route, or null for ordinary traffic. */
  public LoginRoute match(HttpServerRequest request) {
    if (byMethodAndPath.isEmpty()) {
      return null;
    }
    return byMethodAndPath.get(request.method().name() + " " + RequestPaths.canonical(request.path()));
  }

  public boolean isEmpty() {
    return byMethodAndPath.isEmpty();
  }
}
