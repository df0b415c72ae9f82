package dev.factorgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stylesheet, served through a real router the way the public listener mounts it. */
class StaticAssetsTest {

  private Vertx vertx;
  private String base;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    // As in the public listener's gateway router: security headers (Cache-Control: no-store) first.
    router.route().handler(SecurityHeaders::handle);
    router.route("/_factorgate/static/*").handler(StaticAssets.handler());
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    base = "http://127.0.0.1:" + server.actualPort() + "/_factorgate/static/";
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void servesTheStylesheetWithCaching() {
    HttpResponse<String> r = Http.get(base + "factorgate.css");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/css"));
    assertThat(r.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("max-age=3600"));
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(r.body()).contains(".visually-hidden").contains(":focus-visible").contains("max-width: 32rem");
  }

  @Test
  void noListingsAndNothingOutsideTheWebroot() {
    assertThat(Http.get(base).statusCode()).isIn(403, 404);
    HttpResponse<String> missing = Http.get(base + "nothing.css");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(Http.get(base + "../templates/layout.peb").statusCode()).isIn(400, 403, 404);
    assertThat(Http.get(base + "..%2Ftemplates%2Flayout.peb").statusCode()).isIn(400, 403, 404);
  }
}
