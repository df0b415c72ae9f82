package dev.factorgate.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * Serves the gateway's stylesheet (and any later images) from {@code webroot/} on the classpath,
 * mounted at {@code {prefix}/static/*}. A separate file is required because the pages' CSP allows
 * only {@code style-src 'self'}: no inline styles.
 */
public final class StaticAssets {

  private StaticAssets() {}

  /**
   * A handler for {@code {prefix}/static/*}: files may be cached for an hour, directories are not
   * listed.
   *
   * <p>The gateway router runs {@link SecurityHeaders} first, which sets {@code Cache-Control:
   * no-store}, and StaticHandler leaves an existing Cache-Control alone. The stylesheet is public
   * and the same for everyone, so that header is dropped here and StaticHandler sets its own; the
   * other security headers (nosniff among them) stay, and error answers keep {@code no-store}.
   */
  public static Handler<RoutingContext> handler() {
    StaticHandler files =
        StaticHandler.create("webroot")
            .setCachingEnabled(true)
            .setMaxAgeSeconds(3600)
            .setDirectoryListing(false);
    return ctx -> {
      ctx.response().headers().remove(HttpHeaders.CACHE_CONTROL);
      // A 404 (or any error page) for a missing file must stay uncacheable, as everywhere else.
      ctx.addHeadersEndHandler(v -> {
        int status = ctx.response().getStatusCode();
        if (status != 200 && status != 206 && status != 304) {
          ctx.response().headers().set(HttpHeaders.CACHE_CONTROL, "no-store");
        }
      });
      files.handle(ctx);
    };
  }
}
