package dev.factorgate.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date and keeps trying while PostgreSQL is unreachable, so a gateway that
 * starts before its database neither crashes nor loops on restarts: passthrough works at once, and
 * {@code /ready} turns true when the database appears.
 */
public final class DatabaseHealth {

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseHealth.class);
  private static final long RETRY_MS = 2000;

  private final Vertx vertx;
  private final DatabaseTarget target;
  private final Pool pool;
  private final AtomicBoolean migrated = new AtomicBoolean();
  private volatile boolean closed;

  public DatabaseHealth(Vertx vertx, DatabaseTarget target, Pool pool) {
    this.vertx = vertx;
    this.target = target;
    this.pool = pool;
  }

  /** Starts migrating in the background; the future completes once the schema is current. */
  public Future<Void> migrateInBackground() {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    attempt(done, 1);
    return done.future();
  }

  private void attempt(io.vertx.core.Promise<Void> done, int n) {
    if (closed) {
      done.tryFail("closed");
      return;
    }
    vertx
        .executeBlocking(() -> Migrations.migrate(target), false)
        .onSuccess(
            count -> {
              migrated.set(true);
              LOG.info("database {} is ready ({} migration(s) applied)", target, count);
              done.tryComplete();
            })
        .onFailure(
            e -> {
              if (n == 1 || n % 15 == 0) {
                LOG.warn("database {} is not reachable yet ({}); retrying every {} s", target, rootMessage(e), RETRY_MS / 1000);
              }
              if (!closed) {
                vertx.setTimer(RETRY_MS, t -> attempt(done, n + 1));
              }
            });
  }

  /** Ready when migrated and the pool answers a trivial query within two seconds. */
  public Future<Boolean> ready() {
    if (!migrated.get()) {
      return Future.succeededFuture(false);
    }
    return pool.query("select 1")
        .execute()
        .timeout(2, TimeUnit.SECONDS)
        .map(rows -> true)
        .otherwise(false);
  }

  /** The database itself, for work that needs JDBC (COPY) or a dedicated connection. */
  public DatabaseTarget target() {
    return target;
  }

  public boolean migrated() {
    return migrated.get();
  }

  public void close() {
    closed = true;
  }

  /** The innermost cause of a database failure, as a short log text ("ConnectException: …"). */
  public static String rootMessage(Throwable e) {
    Throwable c = e;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
  }
}
