package dev.factorgate.bench;

import dev.factorgate.store.EmbeddedDatabase;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The PostgreSQL of the database sections of {@code scripts/bench}: the gateway's own embedded
 * PostgreSQL 17 (same binaries and settings as {@code serve} without a database URL: fsync and
 * synchronous commit on), started on its own so that the gateway under test, the CLI, pgbench and
 * psql all use one server that outlives each of them, and so that the script can pin it to a CPU
 * ({@code taskset} is inherited by the server processes).
 *
 * <p>{@code java … dev.factorgate.bench.BenchPostgres DATA_DIR PORT}: prints {@code ready PORT} once
 * the database {@code factorgate} exists, then runs until TERM / INT, which stops the server.
 * Trust authentication on 127.0.0.1, user {@code postgres}.
 */
public final class BenchPostgres {

  private BenchPostgres() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: BenchPostgres DATA_DIR PORT");
      System.exit(2);
    }
    EmbeddedDatabase db = EmbeddedDatabase.start(Path.of(args[0]), Integer.parseInt(args[1]));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        db.close();
      } catch (Exception e) {
        System.err.println("stopping PostgreSQL: " + e);
      }
      stopped.countDown();
    }));
    db.target("factorgate");
    System.out.println("ready " + db.port());
    System.out.flush();
    stopped.await();
  }
}
