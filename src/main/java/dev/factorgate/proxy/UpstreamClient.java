package dev.factorgate.proxy;

import dev.factorgate.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.OriginRequestProvider;
import java.net.URI;

/** The HTTP client to the upstream, with its keep-alive pool and per-request timeout. */
public final class UpstreamClient {

  private UpstreamClient() {}

  public static HttpClient create(Vertx vertx, GatewayConfig.Upstream upstream) {
    URI url = upstream.url();
    boolean tls = "https".equals(url.getScheme());
    HttpClientOptions options =
        new HttpClientOptions()
            .setKeepAlive(true)
            .setSsl(tls)
            .setConnectTimeout((int) Math.min(upstream.timeout().toMillis(), 10_000))
            .setDecompressionSupported(false)
            .setMaxInitialLineLength(8192);
    return vertx
        .httpClientBuilder()
        .with(options)
        .with(new PoolOptions().setHttp1MaxSize(upstream.poolSize()))
        .build();
  }

  /** The upstream's socket address. */
  public static SocketAddress address(URI url) {
    int port = url.getPort() > 0 ? url.getPort() : ("https".equals(url.getScheme()) ? 443 : 80);
    return SocketAddress.inetSocketAddress(port, url.getHost());
  }

  /** Origin requests carry the upstream timeout, so a stuck upstream gives 504, not a hung client. */
  public static OriginRequestProvider origin(GatewayConfig.Upstream upstream) {
    SocketAddress server = address(upstream.url());
    long timeout = upstream.timeout().toMillis();
    return context ->
        context.client().request(new RequestOptions().setServer(server).setIdleTimeout(timeout));
  }
}
