package dev.factorgate.factor;

import static dev.factorgate.store.Timestamps.utc;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** SQL for the {@code factors} table. */
public final class FactorStore {

  /** A factor row; {@code secret} is the sealed TOTP secret (null for email). */
  public record Factor(UUID id, long accountId, String kind, String status, String label, byte[] secret,
                       String algorithm, int digits, int period, Long lastStep, String address,
                       Instant createdAt, Instant expiresAt, Instant confirmedAt, Instant lastUsedAt,
                       UUID pendingLoginId) {}

  private static final String COLUMNS =
      "id, account_id, kind, status, label, secret, algorithm, digits, period, last_step, address, "
          + "created_at, expires_at, confirmed_at, last_used_at, pending_login_id";

  private static final String INSERT_TOTP =
      "insert into factors (id, account_id, kind, status, label, secret, algorithm, digits, period, created_at, expires_at, pending_login_id) "
          + "values ($1, $2, 'totp', 'pending', $3, $4, $5, $6, $7, $8, $9, $10)";

  private static final String INSERT_EMAIL =
      "insert into factors (id, account_id, kind, status, label, address, created_at, expires_at, pending_login_id) "
          + "values ($1, $2, 'email', 'pending', $3, $3, $4, $5, $6)";

  private static final String ACTIVE_EMAILS =
      "select " + COLUMNS + " from factors where account_id = $1 and kind = 'email' and status = 'active' order by confirmed_at desc";

  private static final String FIND = "select " + COLUMNS + " from factors where id = $1 and account_id = $2";

  private static final String LIST =
      "select " + COLUMNS + " from factors where account_id = $1 and status <> 'revoked' "
          + "and (status = 'active' or expires_at > $2) order by created_at";

  private static final String ACTIVE_TOTP =
      "select " + COLUMNS + " from factors where account_id = $1 and kind = 'totp' and status = 'active' order by created_at";

  private static final String ACTIVATE =
      "update factors set status = 'active', confirmed_at = $3, last_step = $4, last_used_at = $3, expires_at = null "
          + "where id = $1 and account_id = $2 and status = 'pending' and expires_at > $3 returning id";

  /* The replay guard: a step at or below the last accepted one never matches, on any instance. */
  private static final String ACCEPT_STEP =
      "update factors set last_step = $2, last_used_at = $3 "
          + "where id = $1 and status = 'active' and (last_step is null or last_step < $2) returning id";

  private static final String REVOKE =
      "update factors set status = 'revoked', revoked_at = $3 where id = $1 and account_id = $2 and status <> 'revoked' returning kind, status";

  private static final String CONFIRMED_DURING =
      "select exists (select 1 from factors where account_id = $1 and pending_login_id = $2 and status = 'active' "
          + "and (kind = 'totp' or (kind = 'email' and $3)))";

  private static final String HOLD_CONFIRMED_DURING =
      "select 1 from factors where account_id = $1 and pending_login_id = $2 and status = 'active' "
          + "and (kind = 'totp' or (kind = 'email' and $3)) limit 1 for share";

  private static final String COUNT_ACTIVE =
      "select count(*) from factors where account_id = $1 and status = 'active' and (kind = 'totp' or (kind = 'email' and $2))";

  /** A pending authenticator; {@code pendingLoginId} is the held login it was started in, null from a session. */
  public Future<Void> insertTotp(SqlClient c, UUID id, long accountId, String label, byte[] sealed, String algorithm,
                                 int digits, int period, Instant now, Instant expiresAt, UUID pendingLoginId) {
    return c.preparedQuery(INSERT_TOTP)
        .execute(Tuple.from(new Object[] {id, accountId, label, Buffer.buffer(sealed), algorithm, (short) digits, (short) period,
            utc(now), utc(expiresAt), pendingLoginId}))
        .mapEmpty();
  }

  /** A pending email factor; {@code pendingLoginId} as for {@link #insertTotp}. */
  public Future<Void> insertEmail(SqlClient c, UUID id, long accountId, String address, Instant now, Instant expiresAt,
                                  UUID pendingLoginId) {
    return c.preparedQuery(INSERT_EMAIL).execute(Tuple.of(id, accountId, address, utc(now), utc(expiresAt), pendingLoginId)).mapEmpty();
  }

  /**
   * Whether a strong factor started during held login {@code pendingLoginId} is active: what
   * "confirmed during this held login" means (any factor confirmed meanwhile could be the owner's,
   * added from their own session).
   */
  public Future<Boolean> confirmedDuring(SqlClient c, long accountId, UUID pendingLoginId, boolean emailIsFactor) {
    return confirmedDuring(c, accountId, pendingLoginId, emailIsFactor, false);
  }

  /** The same, with the factor's row share-locked until the caller's transaction ends ({@code hold}). */
  public Future<Boolean> confirmedDuring(SqlClient c, long accountId, UUID pendingLoginId, boolean emailIsFactor, boolean hold) {
    if (hold) {
      return c.preparedQuery(HOLD_CONFIRMED_DURING).execute(Tuple.of(accountId, pendingLoginId, emailIsFactor)).map(rows -> rows.size() > 0);
    }
    return c.preparedQuery(CONFIRMED_DURING).execute(Tuple.of(accountId, pendingLoginId, emailIsFactor))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  /** Active email factors, the most recently confirmed first. */
  public Future<List<Factor>> activeEmails(SqlClient c, long accountId) {
    return c.preparedQuery(ACTIVE_EMAILS).execute(Tuple.of(accountId)).map(FactorStore::rows);
  }

  /** A factor of this account, or null (unknown ids and other accounts' ids look the same). */
  public Future<Factor> find(SqlClient c, UUID id, long accountId) {
    return c.preparedQuery(FIND).execute(Tuple.of(id, accountId)).map(rows -> rows.size() == 0 ? null : row(rows.iterator().next()));
  }

  /** Active factors and unexpired pending ones. */
  public Future<List<Factor>> list(SqlClient c, long accountId, Instant now) {
    return c.preparedQuery(LIST).execute(Tuple.of(accountId, utc(now))).map(FactorStore::rows);
  }

  public Future<List<Factor>> activeTotp(SqlClient c, long accountId) {
    return c.preparedQuery(ACTIVE_TOTP).execute(Tuple.of(accountId)).map(FactorStore::rows);
  }

  /** Pending → active with the step the confirming code matched; false if expired or not pending. */
  public Future<Boolean> activate(SqlClient c, UUID id, long accountId, Long step, Instant now) {
    return c.preparedQuery(ACTIVATE).execute(Tuple.of(id, accountId, utc(now), step)).map(rows -> rows.rowCount() == 1);
  }

  /** Records an accepted TOTP step; false when that step (or a later one) was already used. */
  public Future<Boolean> acceptStep(SqlClient c, UUID id, long step, Instant now) {
    return c.preparedQuery(ACCEPT_STEP).execute(Tuple.of(id, step, utc(now))).map(rows -> rows.rowCount() == 1);
  }

  /** Revokes a factor; returns its kind, or null when there was nothing to revoke. */
  public Future<String> revoke(SqlClient c, UUID id, long accountId, Instant now) {
    return c.preparedQuery(REVOKE).execute(Tuple.of(id, accountId, utc(now)))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("kind"));
  }

  public Future<Integer> countActiveStrong(SqlClient c, long accountId, boolean emailIsFactor) {
    return c.preparedQuery(COUNT_ACTIVE).execute(Tuple.of(accountId, emailIsFactor)).map(rows -> rows.iterator().next().getLong(0).intValue());
  }

  private static List<Factor> rows(io.vertx.sqlclient.RowSet<Row> rows) {
    List<Factor> out = new ArrayList<>();
    rows.forEach(r -> out.add(row(r)));
    return out;
  }

  private static Factor row(Row r) {
    Buffer secret = r.getBuffer("secret");
    Short digits = r.getShort("digits");
    Short period = r.getShort("period");
    return new Factor(
        r.getUUID("id"), r.getLong("account_id"), r.getString("kind"), r.getString("status"), r.getString("label"),
        secret == null ? null : secret.getBytes(), r.getString("algorithm"), digits == null ? 0 : digits,
        period == null ? 0 : period, r.getLong("last_step"), r.getString("address"), instant(r, "created_at"),
        instant(r, "expires_at"), instant(r, "confirmed_at"), instant(r, "last_used_at"), r.getUUID("pending_login_id"));
  }

  private static Instant instant(Row r, String col) {
    OffsetDateTime t = r.getOffsetDateTime(col);
    return t == null ? null : t.toInstant();
  }

}
