package dev.factorgate.cli;

import dev.factorgate.demo.DemoOptions;
import dev.factorgate.demo.DemoUpstream;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code factorgate demo-upstream}: the example site with SMS and password login. */
@Command(name = "demo-upstream", description = "Run the demo site (an example of an existing website).")
final class DemoUpstreamCommand implements Callable<Integer> {

  @Option(names = "--host", defaultValue = "127.0.0.1")
  String host;

  @Option(names = "--port", defaultValue = "9000")
  int port;

  @Option(names = "--outbox", defaultValue = "var/outbox", description = "Where SMS codes are written.")
  Path outbox;

  @Override
  public Integer call() throws Exception {
    Vertx vertx = Vertx.vertx();
    DemoUpstream demo = new DemoUpstream(new DemoOptions(host, port, outbox));
    vertx.deployVerticle(demo).await();
    System.out.println("demo site on http://" + host + ":" + demo.actualPort() + "/ (SMS codes in " + outbox.resolve("sms.log") + ")");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      vertx.close();
      stopped.countDown();
    }));
    stopped.await();
    return 0;
  }
}
