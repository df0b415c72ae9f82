package dev.factorgate.proxy;

import dev.factorgate.config.GatewayConfig;
import dev.factorgate.web.ClientAddress;
import dev.factorgate.web.ErrorResponses;
import dev.factorgate.web.HttpProblem;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.streams.Pipe;
import io.vertx.httpproxy.HttpProxy;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The hot path: every request that is neither under the prefix nor a login route. It streams the
 * request to the upstream and the answer back with the Vert.x HTTP client and server directly, and
 * does per request only what the passthrough needs: the header cleaning of {@link UpstreamHeaders}
 * (forgeable headers and gateway cookies removed, X-Forwarded-* set), hop-by-hop headers dropped
 * both ways, the identity header removed from the answer, 502/504 pages when the upstream fails
 * ({@link UpstreamFailures}), bodies streamed with back-pressure both ways.
 *
 * <p>WebSocket upgrades and HTTP/1.0 clients (whose answers may need buffering to get a length) go
 * to the vertx-http-proxy based {@link Passthrough}, which behaves the same with more machinery.
 * Measured in docs/BENCHMARKS.md: vertx-http-proxy's per-request objects (header copies, interceptor
 * chain, re-parsed Date header) cost about a quarter of the throughput on a small page.
 */
public final class PassthroughHandler implements Handler<HttpServerRequest> {

  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final HttpClient client;
  private final HttpProxy fallback;
  private final SocketAddress server;
  private final long timeout;
  private final UpstreamHeaders upstreamHeaders;
  private final String identityHeader;
  private long dateSecond = -1;
  private String date;

  /** One per event loop (verticle instance): the Date cache is not shared between threads. */
  public PassthroughHandler(HttpClient client, GatewayConfig config, ClientAddress clients, HttpProxy fallback) {
    this.client = client;
    this.fallback = fallback;
    this.server = UpstreamClient.address(config.upstream().url());
    this.timeout = config.upstream().timeout().toMillis();
    this.identityHeader = config.upstream().identity().header();
    this.upstreamHeaders = new UpstreamHeaders(clients, identityHeader);
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_1_0 || request.canUpgradeToWebSocket()) {
      fallback.handle(request);
      return;
    }
    MultiMap in = request.headers();
    boolean chunked = false;
    List<String> encodings = in.getAll(HttpHeaders.TRANSFER_ENCODING);
    for (String e : encodings) {
      if (!e.equals("chunked")) { // the only transfer coding passed on, as in vertx-http-proxy
        ErrorResponses.send(request, HttpProblem.badRequest("The request's Transfer-Encoding is not supported."));
        return;
      }
      chunked = true;
    }
    boolean hasBody = chunked || in.contains(HttpHeaders.CONTENT_LENGTH);
    boolean chunkedBody = chunked;
    request.pause();
    client
        .request(
            new RequestOptions()
                .setServer(server)
                .setMethod(request.method())
                .setURI(request.uri())
                .setIdleTimeout(timeout))
        .onComplete(
            ar -> {
              if (ar.failed()) {
                request.resume();
                UpstreamFailures.answer(request, ar.cause());
              } else {
                send(request, ar.result(), hasBody, chunkedBody);
              }
            });
  }

  private void send(HttpServerRequest request, HttpClientRequest upstream, boolean hasBody, boolean chunked) {
    upstreamHeaders.copyForUpstream(request, upstream.headers());
    request.response().exceptionHandler(t -> upstream.reset(0L, t));
    upstream
        .response()
        .onComplete(
            ar -> {
              if (ar.failed()) {
                request.resume();
                UpstreamFailures.answer(request, ar.cause());
              } else {
                respond(request, upstream, ar.result());
              }
            });
    if (!hasBody) {
      upstream.end();
      request.resume();
      return;
    }
    upstream.setChunked(chunked); // else the client's Content-Length was copied
    Pipe<Buffer> pipe = request.pipe();
    pipe.endOnFailure(false);
    pipe.to(upstream).onFailure(e -> upstream.reset(0L, e));
  }

  private void respond(HttpServerRequest request, HttpClientRequest upstream, HttpClientResponse answer) {
    HttpServerResponse response = request.response();
    MultiMap from = answer.headers();
    boolean chunked = false;
    for (String e : from.getAll(HttpHeaders.TRANSFER_ENCODING)) {
      if (!e.equals("chunked")) { // an answer in a coding the gateway cannot pass on
        upstream.reset();
        UpstreamFailures.answer(request, new IllegalStateException("upstream Transfer-Encoding " + e));
        return;
      }
      chunked = true;
    }
    response.setStatusCode(answer.statusCode());
    String message = answer.statusMessage();
    if (message != null) {
      response.setStatusMessage(message);
    }
    ResponseCopy copy = new ResponseCopy(response.headers());
    from.forEach(copy);
    if (!copy.date) {
      response.headers().add(HttpHeaders.DATE, now());
    }
    if (!copy.length && (chunked || hasBody(request.method(), answer.statusCode()))) {
      response.setChunked(true);
    }
    Pipe<Buffer> pipe = answer.pipe();
    pipe.endOnFailure(false);
    pipe.to(response)
        .onFailure(
            e -> {
              upstream.reset();
              response.reset();
            });
  }

  /** Whether an answer without Content-Length still has a body, to be sent chunked. */
  private static boolean hasBody(HttpMethod method, int status) {
    return method != HttpMethod.HEAD && status >= 200 && status != 204 && status != 304;
  }

  /** The answer's headers without hop-by-hop headers and without the identity header. */
  private final class ResponseCopy implements BiConsumer<String, String> {
    final MultiMap target;
    boolean date;
    boolean length;

    ResponseCopy(MultiMap target) {
      this.target = target;
    }

    @Override
    public void accept(String name, String value) {
      if (HopByHop.is(name)) {
        return;
      }
      int n = name.length();
      switch (n) {
        case 4:
          date |= name.equalsIgnoreCase("date");
          break;
        case 14:
          length |= name.equalsIgnoreCase("content-length");
          break;
        default:
          break;
      }
      if (identityHeader != null && n == identityHeader.length() && name.equalsIgnoreCase(identityHeader)) {
        return;
      }
      target.add(name, value);
    }
  }

  /** An HTTP date for answers that came without one, formatted once a second. */
  private String now() {
    long second = System.currentTimeMillis() / 1000;
    if (second != dateSecond) {
      date = HTTP_DATE.format(Instant.ofEpochSecond(second));
      dateSecond = second;
    }
    return date;
  }
}
