package dev.factorgate.factor;

import static dev.factorgate.store.Timestamps.utc;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * SQL for throttling. {@link #lock} takes a transaction-scoped advisory lock on the account for the
 * whole attempt, so concurrent guesses on any number of instances are judged one after the other
 * and cannot race past the delay; the lock writes nothing, and an account that never failed has no
 * throttle row at all (a failure creates it). Per IP, refused attempts are counted in one-minute
 * windows.
 */
public final class ThrottleStore {

  /** The stored throttle state of an account. */
  public record State(int failures, Instant nextAttemptAt, Instant lockedAt) {
    /** No failure, no delay, no lock: nothing to check, nothing to reset. */
    public boolean clean() {
      return failures == 0 && nextAttemptAt == null && lockedAt == null;
    }
  }

  /** The advisory lock's first key: this lock's own space, apart from the notifier's and others. */
  static final int LOCK_SPACE = 0x46470001;
  private static final String LOCK = "select pg_advisory_xact_lock($1, $2)";
  private static final String STATE =
      "select consecutive_failures, next_attempt_at, locked_at from throttles where account_id = $1";
  private static final String FAIL =
      "insert into throttles (account_id, consecutive_failures) values ($1, 1) "
          + "on conflict (account_id) do update set consecutive_failures = throttles.consecutive_failures + 1, updated_at = now() "
          + "returning consecutive_failures";
  private static final String SET_DELAY =
      "update throttles set next_attempt_at = $2, locked_at = coalesce(locked_at, $3) where account_id = $1";
  private static final String RESET =
      "update throttles set consecutive_failures = 0, next_attempt_at = null, locked_at = null, updated_at = now() "
          + "where account_id = $1 and (consecutive_failures <> 0 or locked_at is not null or next_attempt_at is not null)";
  private static final String IP_COUNT = "select attempts from ip_throttles where ip = $1 and window_start = $2";
  private static final String IP_HIT =
      "insert into ip_throttles (ip, window_start, attempts) values ($1, $2, 1) "
          + "on conflict (ip, window_start) do update set attempts = ip_throttles.attempts + 1 returning attempts";

  /**
   * Locks the account's attempts until the caller's transaction ends and reads its throttle state
   * (clean when it has no row). Both statements are sent at once; the read runs once the lock is
   * held, so it sees what the previous holder committed.
   */
  public Future<State> lock(SqlClient tx, long accountId) {
    Future<?> locked = tx.preparedQuery(LOCK).execute(Tuple.of(LOCK_SPACE, lockKey(accountId)));
    Future<io.vertx.sqlclient.RowSet<Row>> state = tx.preparedQuery(STATE).execute(Tuple.of(accountId));
    return locked.compose(v -> state)
        .map(rows -> {
          if (rows.size() == 0) {
            return new State(0, null, null);
          }
          Row r = rows.iterator().next();
          return new State(r.getInteger("consecutive_failures"), instant(r.getOffsetDateTime("next_attempt_at")), instant(r.getOffsetDateTime("locked_at")));
        });
  }

  /** The advisory lock's second key: the account id folded to 32 bits (a collision only serialises two accounts). */
  static int lockKey(long accountId) {
    return (int) (accountId ^ (accountId >>> 32));
  }

  /** Counts one more consecutive failure; returns the new count. */
  public Future<Integer> fail(SqlClient tx, long accountId) {
    return tx.preparedQuery(FAIL).execute(Tuple.of(accountId)).map(rows -> rows.iterator().next().getInteger(0));
  }

  public Future<Void> delay(SqlClient tx, long accountId, Instant nextAttemptAt, Instant lockedAt) {
    return tx.preparedQuery(SET_DELAY).execute(Tuple.of(accountId, utc(nextAttemptAt), utc(lockedAt))).mapEmpty();
  }

  public Future<Void> reset(SqlClient tx, long accountId) {
    return tx.preparedQuery(RESET).execute(Tuple.of(accountId)).mapEmpty();
  }

  /** The refused attempts counted for an IP in the window starting at {@code windowStart}. */
  public Future<Integer> ipCount(SqlClient c, String ip, Instant windowStart) {
    return c.preparedQuery(IP_COUNT).execute(Tuple.of(ip, utc(windowStart)))
        .map(rows -> rows.size() == 0 ? 0 : rows.iterator().next().getInteger(0));
  }

  /** Counts one more refused attempt from an IP in the window starting at {@code windowStart}; returns the count. */
  public Future<Integer> ipHit(SqlClient c, String ip, Instant windowStart) {
    return c.preparedQuery(IP_HIT).execute(Tuple.of(ip, utc(windowStart))).map(rows -> rows.iterator().next().getInteger(0));
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

}
