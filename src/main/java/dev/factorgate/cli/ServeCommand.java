package dev.factorgate.cli;

import dev.factorgate.Gateway;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code factorgate serve}: validate, migrate (in the background until the database answers), listen. */
@Command(name = "serve", description = "Start the gateway.")
final class ServeCommand implements Callable<Integer> {

  @Option(names = "--config", description = "Configuration file (default conf/factorgate.yaml, or FACTORGATE_CONFIG).")
  Path config;

  @Override
  public Integer call() throws Exception {
    Bootstrap boot = Bootstrap.load(config);
    var keys = boot.masterKeys();
    var target = boot.database();
    Gateway gateway = Gateway.start(boot.config, target, keys, Clock.systemUTC(), boot.runtimeSecrets()).await();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    gateway.close();
                    boot.close();
                  } catch (Exception ignored) {
                    // shutting down anyway
                  } finally {
                    stopped.countDown();
                  }
                },
                "factorgate-shutdown"));
    stopped.await();
    return 0;
  }
}
