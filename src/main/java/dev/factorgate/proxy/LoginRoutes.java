package dev.factorgate.proxy;

import dev.factorgate.config.GatewayConfig.LoginRoute;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** Finds the configured login route a request belongs to, on the canonical path. */
public final class LoginRoutes {

  /** Method name, then canonical path: most traffic (GET) is told apart without touching its path. */
  private final Map<String, Map<String, LoginRoute>> byMethodAndPath = new HashMap<>();

  public LoginRoutes(List<LoginRoute> routes) {
    for (LoginRoute r : routes) {
      byMethodAndPath
          .computeIfAbsent(r.method().toUpperCase(Locale.ROOT), m -> new HashMap<>())
          .put(RequestPaths.canonical(r.path()), r);
    }
  }

  /** The route, or null for ordinary traffic. */
  public LoginRoute match(HttpServerRequest request) {
    Map<String, LoginRoute> byPath = byMethodAndPath.get(request.method().name());
    return byPath == null ? null : byPath.get(RequestPaths.canonical(request.path()));
  }

  public boolean isEmpty() {
    return byMethodAndPath.isEmpty();
  }
}
