package dev.factorgate.factor;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * SQL for throttling. {@link #lock} takes the account's row lock for the whole attempt, so
 * concurrent guesses on any number of instances are judged one after the other and cannot race
 * past the delay.
 */
public final class ThrottleStore {

  /** The stored throttle state of an account. */
  public record State(int failures, Instant nextAttemptAt, Instant lockedAt) {}

  private static final String ENSURE = "insert into throttles (account_id) values ($1) on conflict do nothing";
  private static final String LOCK =
      "select consecutive_failures, next_attempt_at, locked_at from throttles where account_id = $1 for update";
  private static final String FAIL =
      "update throttles set consecutive_failures = consecutive_failures + 1, updated_at = now() "
          + "where account_id = $1 returning consecutive_failures";
  private static final String SET_DELAY =
      "update throttles set next_attempt_at = $2, locked_at = coalesce(locked_at, $3) where account_id = $1";
  private static final String RESET =
      "update throttles set consecutive_failures = 0, next_attempt_at = null, locked_at = null, updated_at = now() "
          + "where account_id = $1 and (consecutive_failures <> 0 or locked_at is not null or next_attempt_at is not null)";
  private static final String IP_HIT =
      "insert into ip_throttles (ip, window_start, attempts) values ($1, $2, 1) "
          + "on conflict (ip, window_start) do update set attempts = ip_throttles.attempts + 1 returning attempts";
  private static final String IP_PURGE = "delete from ip_throttles where window_start < $1";

  /** Locks (and creates) the account's throttle row in the caller's transaction. */
  public Future<State> lock(SqlClient tx, long accountId) {
    // both sent at once (pipelined on the connection): one round trip, the insert runs first
    Future<?> ensured = tx.preparedQuery(ENSURE).execute(Tuple.of(accountId));
    Future<io.vertx.sqlclient.RowSet<Row>> locked = tx.preparedQuery(LOCK).execute(Tuple.of(accountId));
    return ensured.compose(v -> locked)
        .map(rows -> {
          Row r = rows.iterator().next();
          return new State(r.getInteger("consecutive_failures"), instant(r.getOffsetDateTime("next_attempt_at")), instant(r.getOffsetDateTime("locked_at")));
        });
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

  /** Counts an attempt from an IP in the current one-minute window; returns the count. */
  public Future<Integer> ipHit(SqlClient c, String ip, Instant windowStart) {
    return c.preparedQuery(IP_HIT).execute(Tuple.of(ip, utc(windowStart))).map(rows -> rows.iterator().next().getInteger(0));
  }

  public Future<Void> purgeIpWindows(SqlClient c, Instant before) {
    return c.preparedQuery(IP_PURGE).execute(Tuple.of(utc(before))).mapEmpty();
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  private static OffsetDateTime utc(Instant t) {
    return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}
