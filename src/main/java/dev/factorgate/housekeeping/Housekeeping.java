package dev.factorgate.housekeeping;

import dev.factorgate.Services;
import dev.factorgate.store.DatabaseHealth;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired rows ({@link Purge}) shortly after the instance starts and then every minute. Every
 * instance runs it; a run takes a session advisory lock on a connection of its own, so when several
 * instances share a database one of them purges and the others skip that minute. The lock goes with
 * the connection, which each run closes (also after a failure, or when the connection is lost), so
 * it can never stay behind in a pooled connection.
 *
 * <p>Each kind of row is deleted in batches of at most {@link #BATCH} rows, one short transaction
 * each, with a pause between full batches, until a batch comes back short. A run that fails (the
 * database is down) is logged once and tried again the next minute.
 */
public final class Housekeeping extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

  static final Duration FIRST_RUN = Duration.ofSeconds(10);
  static final Duration PERIOD = Duration.ofMinutes(1);
  static final int BATCH = 1000;

  /** Between full batches: room for the request path's own statements. */
  private static final long PAUSE_MS = 10;

  /** Client-side limit per statement, above the session's statement_timeout: a dead peer ends the run. */
  private static final long STATEMENT_LIMIT_S = 90;

  /** What one run did: whether it held the lock, rows deleted per table, statements run. */
  public record Run(boolean ran, Map<String, Long> purged, int batches) {

    static final Run SKIPPED = new Run(false, Map.of(), 0);

    public long total() {
      return purged.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private final Services services;
  private final int batchSize;
  private final PurgeStore store = new PurgeStore();
  private final Map<Purge, Counter> counters = new EnumMap<>(Purge.class);
  private final Set<SqlConnection> open = ConcurrentHashMap.newKeySet();
  private volatile boolean stopped;
  private long timer = -1;

  public Housekeeping(Services services) {
    this(services, BATCH);
  }

  Housekeeping(Services services, int batchSize) {
    this.services = services;
    this.batchSize = batchSize;
    for (Purge p : Purge.values()) {
      counters.put(p, Counter.builder("factorgate_purged_rows_total")
          .description("Expired rows deleted by housekeeping, by table")
          .tag("table", p.table())
          .register(services.metrics()));
    }
  }

  @Override
  public Future<?> start() {
    schedule(FIRST_RUN);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    // a connection stuck mid-statement must not hold up the instance's shutdown
    return Future.join(open.stream()
            .map(c -> c.close().timeout(5, TimeUnit.SECONDS).otherwiseEmpty())
            .toList())
        .otherwiseEmpty();
  }

  private void schedule(Duration delay) {
    if (!stopped) {
      timer = vertx.setTimer(delay.toMillis(), t -> tick());
    }
  }

  private void tick() {
    long started = System.nanoTime();
    Tally tally = new Tally();
    run(services.clock().instant(), tally).onComplete(ar -> {
      long ms = (System.nanoTime() - started) / 1_000_000;
      if (stopped) {
        return; // the instance is shutting down and closed the run's connection
      }
      if (ar.failed()) {
        LOG.warn("housekeeping stopped ({}) after deleting {}; next run in {} s",
            DatabaseHealth.rootMessage(ar.cause()), tally.summary(), PERIOD.toSeconds());
      } else if (ar.result().total() > 0) {
        LOG.info("housekeeping deleted {} expired row(s): {} ({} ms)", ar.result().total(), tally.summary(), ms);
      }
      schedule(PERIOD);
    });
  }

  /**
   * One run now, as the timer does it: deletes what expired before {@code now} minus each grace.
   * Skipped (not ran) when another instance holds the lock or the schema is not migrated yet.
   */
  public Future<Run> runOnce(Instant now) {
    return run(now, new Tally());
  }

  private Future<Run> run(Instant now, Tally tally) {
    if (!services.database().migrated()) {
      return Future.succeededFuture(Run.SKIPPED);
    }
    return PgConnection.connect(services.vertx(), services.database().target().connectOptions())
        .compose(conn -> {
          open.add(conn);
          return store.begin(conn)
              .timeout(STATEMENT_LIMIT_S, TimeUnit.SECONDS)
              .compose(locked -> locked ? purgeAll(conn, now, tally) : Future.succeededFuture(Run.SKIPPED))
              // closing the session releases the lock, whatever happened
              .transform(ar -> conn.close().timeout(5, TimeUnit.SECONDS).otherwiseEmpty().transform(x -> {
                open.remove(conn);
                return ar.succeeded() ? Future.succeededFuture(ar.result()) : Future.<Run>failedFuture(ar.cause());
              }));
        });
  }

  private Future<Run> purgeAll(SqlConnection conn, Instant now, Tally tally) {
    Future<Void> chain = Future.succeededFuture();
    for (Purge p : Purge.values()) {
      chain = chain.compose(v -> drain(conn, p, now.minus(p.grace()), tally));
    }
    return chain.map(v -> new Run(true, tally.purged(), tally.batches));
  }

  /** Deletes batch after batch of one kind until a batch is not full. */
  private Future<Void> drain(SqlConnection conn, Purge p, Instant cutoff, Tally tally) {
    if (stopped) {
      return Future.succeededFuture();
    }
    return store.deleteBatch(conn, p, cutoff, batchSize)
        .timeout(STATEMENT_LIMIT_S, TimeUnit.SECONDS)
        .compose(n -> {
          tally.add(p, n);
          counters.get(p).increment(n);
          return n < batchSize ? Future.<Void>succeededFuture()
              : services.vertx().timer(PAUSE_MS).compose(v -> drain(conn, p, cutoff, tally));
        });
  }

  /** Rows deleted so far in one run, kept outside the futures so that a failed run can say them too. */
  private static final class Tally {
    private final Map<Purge, Long> rows = new EnumMap<>(Purge.class);
    private int batches;

    synchronized void add(Purge p, int n) {
      batches++;
      rows.merge(p, (long) n, Long::sum);
    }

    synchronized Map<String, Long> purged() {
      Map<String, Long> out = new LinkedHashMap<>();
      rows.forEach((p, n) -> out.merge(p.table(), n, Long::sum));
      return out;
    }

    /** "pending_logins 3, email_codes 12", only tables with deletions; counts, never content. */
    String summary() {
      StringJoiner j = new StringJoiner(", ");
      purged().forEach((t, n) -> {
        if (n > 0) {
          j.add(t + " " + n);
        }
      });
      return j.length() == 0 ? "nothing" : j.toString();
    }
  }
}
