package dev.factorgate.proxy;

import dev.factorgate.config.GatewayConfig;
import dev.factorgate.web.ClientAddress;
import io.vertx.core.http.HttpClient;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyOptions;

/**
 * Builds the reverse proxies to the upstream: the plain passthrough (no database work, bodies
 * streamed) and, with an extra interceptor, the proxy for login routes.
 */
public final class Passthrough {

  private Passthrough() {}

  /** A proxy that forwards unchanged, apart from the header cleaning of {@link UpstreamHeaders}. */
  public static HttpProxy create(HttpClient client, GatewayConfig config, ClientAddress clients, ProxyInterceptor... extra) {
    HttpProxy proxy =
        HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(true), client)
            .origin(UpstreamClient.origin(config.upstream()))
            .addInterceptor(new UpstreamFailures(), true)
            .addInterceptor(new UpstreamHeaders(clients, config.upstream().identity().header()), true);
    for (ProxyInterceptor i : extra) {
      proxy.addInterceptor(i);
    }
    return proxy;
  }
}
