package dev.factorgate.support;

import dev.factorgate.demo.DemoOptions;
import dev.factorgate.demo.DemoUpstream;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real demo upstream, started on a free port with its own outbox, as the site behind the gateway. */
public final class DemoSite implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final DemoUpstream demo;

  public DemoSite() {
    try {
      Path outbox = Files.createTempDirectory("fg-demo-outbox");
      demo = new DemoUpstream(new DemoOptions("127.0.0.1", 0, outbox));
      vertx.deployVerticle(demo).await();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return demo.actualPort();
  }

  /** The last SMS code the demo "sent" to a phone. */
  public String lastCode(String e164) {
    return demo.outbox().lastCode(e164).orElseThrow(() -> new AssertionError("no SMS code for " + e164));
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
