package dev.factorgate.factor.email;

import static dev.factorgate.store.Timestamps.utc;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * SQL for email codes. A code is bound to what asked for it (a pending login, or a factor being
 * confirmed) and its purpose; only the newest sent code of a binding is live.
 */
public final class EmailCodeStore {

  /** The live code of a binding. */
  public record Live(UUID id, byte[] hmac, int attempts) {}

  /* The binding columns are compared with "is not distinct from" so that null matches null. */
  private static final String BINDING =
      "account_id = $1 and purpose = $2 and factor_id is not distinct from $3 and pending_login_id is not distinct from $4";

  /*
   * A new code starts with the attempts its binding has used up: the most of any code of the binding
   * that is still valid and came after the binding's last success. Asking again within a code's
   * lifetime never buys guesses; an expired code or a success ends the carry-over (otherwise a
   * binding that outlives its codes, a step-up by email bound to the account alone, would stay
   * exhausted for ever after five wrong codes).
   */
  private static final String INSERT =
      "insert into email_codes (id, account_id, purpose, factor_id, pending_login_id, address, code_hmac, attempts, created_at, expires_at) "
          + "values ($5, $1, $2, $3, $4, $6, $7, "
          + "coalesce((select max(attempts) from email_codes where " + BINDING + " and consumed_at is null and expires_at > $8 "
          + "and created_at > coalesce((select max(consumed_at) from email_codes where " + BINDING + "), '-infinity')), 0), $8, $9)";

  private static final String MARK_SENT =
      "update email_codes set sent_at = $2 where id = $1";

  private static final String SUPERSEDE =
      "update email_codes set superseded_at = $6 where " + BINDING + " and id <> $5 and superseded_at is null and consumed_at is null";

  private static final String DROP_UNSENT = "delete from email_codes where id = $1 and sent_at is null";

  private static final String LIVE =
      "select id, code_hmac, attempts from email_codes where " + BINDING
          + " and sent_at is not null and consumed_at is null and superseded_at is null and expires_at > $5 "
          + "order by created_at desc limit 1 for update";

  private static final String FAIL = "update email_codes set attempts = attempts + 1 where id = $1";
  private static final String CONSUME = "update email_codes set consumed_at = $2 where id = $1 and consumed_at is null";

  private static final String SENDS_SINCE =
      "select count(*) filter (where account_id = $1), count(*) filter (where lower(address) = lower($2)), "
          + "max(created_at) filter (where account_id = $1) from email_codes where created_at > $3 "
          + "and (account_id = $1 or lower(address) = lower($2))";

  /** Recent sends, for rate limits: by account, by address, and the latest by account. */
  public record Recent(long byAccount, long byAddress, Instant latest) {}

  private static Tuple binding(long accountId, String purpose, UUID factorId, UUID pendingId) {
    return Tuple.of(accountId, purpose, factorId, pendingId);
  }

  public Future<Void> insert(SqlClient c, UUID id, long accountId, String purpose, UUID factorId, UUID pendingId,
                             String address, byte[] hmac, Instant now, Instant expires) {
    return c.preparedQuery(INSERT)
        .execute(binding(accountId, purpose, factorId, pendingId).addUUID(id).addString(address)
            .addBuffer(Buffer.buffer(hmac)).addOffsetDateTime(utc(now)).addOffsetDateTime(utc(expires)))
        .mapEmpty();
  }

  /** After a successful send: the code is live and every older code of the binding is not. */
  public Future<Void> sent(SqlClient c, UUID id, long accountId, String purpose, UUID factorId, UUID pendingId, Instant now) {
    return c.preparedQuery(MARK_SENT).execute(Tuple.of(id, utc(now)))
        .compose(v -> c.preparedQuery(SUPERSEDE).execute(binding(accountId, purpose, factorId, pendingId).addUUID(id).addOffsetDateTime(utc(now))))
        .mapEmpty();
  }

  /** A send that failed leaves no code behind. */
  public Future<Void> dropUnsent(SqlClient c, UUID id) {
    return c.preparedQuery(DROP_UNSENT).execute(Tuple.of(id)).mapEmpty();
  }

  /** The live code, locked for this transaction; null when there is none. */
  public Future<Live> live(SqlClient tx, long accountId, String purpose, UUID factorId, UUID pendingId, Instant now) {
    return tx.preparedQuery(LIVE).execute(binding(accountId, purpose, factorId, pendingId).addOffsetDateTime(utc(now)))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row r = rows.iterator().next();
          return new Live(r.getUUID("id"), r.getBuffer("code_hmac").getBytes(), r.getInteger("attempts"));
        });
  }

  public Future<Void> fail(SqlClient tx, UUID id) {
    return tx.preparedQuery(FAIL).execute(Tuple.of(id)).mapEmpty();
  }

  public Future<Void> consume(SqlClient tx, UUID id, Instant now) {
    return tx.preparedQuery(CONSUME).execute(Tuple.of(id, utc(now))).mapEmpty();
  }

  public Future<Recent> recent(SqlClient c, long accountId, String address, Instant since) {
    return c.preparedQuery(SENDS_SINCE).execute(Tuple.of(accountId, address, utc(since)))
        .map(rows -> {
          Row r = rows.iterator().next();
          OffsetDateTime latest = r.getOffsetDateTime(2);
          return new Recent(r.getLong(0), r.getLong(1), latest == null ? null : latest.toInstant());
        });
  }

}
