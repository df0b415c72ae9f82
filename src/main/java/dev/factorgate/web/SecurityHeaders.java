package dev.factorgate.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** Headers on every gateway page and API answer: nothing is cached, framed, sniffed or leaked. */
public final class SecurityHeaders {

  /** Pages use only their own stylesheet and inline images (QR codes); no scripts at all. */
  public static final String CSP =
      "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
          + "frame-ancestors 'none'; base-uri 'none'";

  private SecurityHeaders() {}

  public static void handle(RoutingContext ctx) {
    apply(ctx.response());
    ctx.next();
  }

  public static void apply(HttpServerResponse r) {
    r.putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Cross-Origin-Opener-Policy", "same-origin");
  }
}
