package dev.factorgate.housekeeping;

import static dev.factorgate.store.Timestamps.utc;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;

/** SQL of a housekeeping run, on the run's own connection. */
final class PurgeStore {

  /** Session advisory lock held for a whole run, by one instance at a time ("fgpurges"). */
  static final long RUN_LOCK = 0x6667707572676573L;

  /*
   * Each batch commits on its own (autocommit), so a backlog of millions never becomes one huge
   * transaction. The timeouts bound what one statement may wait for or take; a run that hits one
   * stops and the next run goes on from there.
   */
  private static final String SESSION =
      "select set_config('lock_timeout', '5s', false), set_config('statement_timeout', '60s', false)";

  private static final String TRY_LOCK = "select pg_try_advisory_lock($1)";

  /** Sets the session's limits and takes the run lock; false when another instance holds it. */
  Future<Boolean> begin(SqlConnection c) {
    return c.query(SESSION).execute()
        .compose(v -> c.preparedQuery(TRY_LOCK).execute(Tuple.of(RUN_LOCK)))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  /** Deletes one batch of {@code purge}'s rows older than the cut-off; returns how many. */
  Future<Integer> deleteBatch(SqlConnection c, Purge purge, Instant cutoff, int batchSize) {
    return c.preparedQuery(purge.delete())
        .execute(Tuple.of(utc(cutoff), batchSize))
        .map(rows -> rows.rowCount());
  }
}
