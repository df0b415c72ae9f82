package dev.factorgate.support;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small real HTTP server standing in for the protected site; each test installs the handler it
 * needs and can read the requests the upstream received.
 */
public final class TestUpstream implements AutoCloseable {

  /** Answers one request; the body has already been read. */
  @FunctionalInterface
  public interface Responder {
    void respond(HttpServerRequest request, io.vertx.core.buffer.Buffer body);
  }

  /** What the upstream saw of one request. */
  public record Seen(String method, String uri, io.vertx.core.MultiMap headers, String body) {}

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private volatile Responder handler =
      (req, body) -> req.response().putHeader("Content-Type", "text/plain").end("upstream " + req.path());

  public TestUpstream() {
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            body -> {
                              seen.add(new Seen(req.method().name(), req.uri(), io.vertx.core.MultiMap.caseInsensitiveMultiMap().addAll(req.headers()), body.toString()));
                              handler.respond(req, body);
                            }))
            .listen(0, "127.0.0.1")
            .await();
  }

  public TestUpstream handler(Handler<HttpServerRequest> h) {
    this.handler = (req, body) -> h.handle(req);
    return this;
  }

  public TestUpstream responder(Responder h) {
    this.handler = h;
    return this;
  }

  public int port() {
    return server.actualPort();
  }

  public List<Seen> seen() {
    return seen;
  }

  public Seen last() {
    return seen.isEmpty() ? null : seen.get(seen.size() - 1);
  }

  public Vertx vertx() {
    return vertx;
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
