package dev.factorgate.account;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SQL of the admin's view of accounts: pages of a segment, one account in full, and the two
 * repairs (reset after a lost device, unlock after too many failures). Every statement is
 * parameterised; which segment condition is used is chosen from constants, never built from input.
 */
public final class AccountDirectory {

  /** A strong factor: an authenticator, or an email factor when email counts as one ($3). */
  static final String STRONG_FACTOR =
      "select 1 from factors f where f.account_id = a.id and f.status = 'active' and (f.kind = 'totp' or (f.kind = 'email' and $3))";

  private static final String PAGE_HEAD =
      """
      select a.user_id, a.phone, a.email, a.login_policy, a.phone_recycled_at is not null as phone_recycled,
             a.phone_virtual, a.frozen_at is not null as frozen, a.last_login_at, a.created_at
        from accounts a
       where a.user_id > $1
      """;

  private static final String PAGE_TAIL = " order by a.user_id limit $2";

  // Keyset pagination on user_id: each page is an index range scan, however deep the page.
  private static final Map<Segment, String> PAGE =
      Map.of(
          Segment.ALL, PAGE_HEAD + PAGE_TAIL,
          Segment.SMS_ONLY, PAGE_HEAD + " and a.login_policy = 'sms_only' and not exists (" + STRONG_FACTOR + ")" + PAGE_TAIL,
          Segment.ENROLLED, PAGE_HEAD + " and exists (" + STRONG_FACTOR + ")" + PAGE_TAIL,
          Segment.RECYCLED, PAGE_HEAD + " and a.phone_recycled_at is not null" + PAGE_TAIL);

  private static final String DETAIL =
      """
      select a.id, a.user_id, a.phone, a.email, a.login_policy, a.phone_verified_at, a.phone_recycled_at,
             a.phone_virtual, a.frozen_at, a.last_login_at, a.last_login_method, a.created_at,
             t.locked_at, coalesce(t.consecutive_failures, 0) as failures, t.next_attempt_at,
             (select count(*) from recovery_codes r where r.account_id = a.id and r.used_at is null) as recovery_left,
             coalesce((select json_agg(json_build_object('id', f.id, 'kind', f.kind, 'status', f.status,
                         'address', f.address, 'created_at', f.created_at, 'last_used_at', f.last_used_at)
                         order by f.created_at)
                       from factors f where f.account_id = a.id), '[]') as factors,
             coalesce((select json_agg(json_build_object('id', c.id, 'name', c.name, 'mode', c.mode,
                         'status', c.status, 'state', m.state, 'snoozes', m.snoozes) order by c.id)
                       from campaign_members m join campaigns c on c.id = m.campaign_id
                       where m.account_id = a.id), '[]') as campaigns
        from accounts a left join throttles t on t.account_id = a.id
       where a.user_id = $1
      """;

  // One scan for the dashboard's headline figure.
  private static final String COUNTS =
      "select count(*) as total, count(*) filter (where a.login_policy = 'sms_only' and not exists ("
          + STRONG_FACTOR.replace("$3", "$1") + ")) as sms_only from accounts a";

  // NO KEY UPDATE, as FactorService takes it: sign-ins' and campaigns' foreign-key locks do not wait for it
  private static final String LOCK =
      "select id, login_policy, frozen_at is not null as frozen from accounts where user_id = $1 for no key update";

  private static final String REVOKE_FACTORS =
      "update factors set status = 'revoked', revoked_at = now() where account_id = $1 and status <> 'revoked' "
          + "returning kind, address, confirmed_at is not null as confirmed";

  private static final String DELETE_UNUSED_CODES = "delete from recovery_codes where account_id = $1 and used_at is null";

  private static final String SMS_ONLY = "update accounts set login_policy = 'sms_only', updated_at = now() where id = $1";

  private static final String REVOKE_SESSIONS =
      "update gateway_sessions set revoked_at = now() where account_id = $1 and revoked_at is null";

  // A held login waiting for a factor that no longer exists could never complete.
  private static final String DROP_PENDING =
      "update pending_logins set consumed_at = now() where account_id = $1 and consumed_at is null";

  private static final String UNFREEZE =
      "update accounts set frozen_at = null, frozen_reason = null, updated_at = now() where id = $1 and frozen_at is not null";

  private static final String THROTTLE =
      "select consecutive_failures, locked_at from throttles where account_id = $1 for update";

  private static final String CLEAR_THROTTLE =
      """
      update throttles set consecutive_failures = 0, locked_at = null, next_attempt_at = null, updated_at = now()
       where account_id = $1
      """;

  /** A page of a segment, one row more than asked (the caller learns whether another page follows). */
  public Future<RowSet<Row>> page(SqlClient client, Segment segment, String after, int limit, boolean emailIsFactor) {
    Tuple params = Tuple.of(after == null ? "" : after, limit + 1);
    if (segment == Segment.SMS_ONLY || segment == Segment.ENROLLED) {
      params.addBoolean(emailIsFactor);
    }
    return client.preparedQuery(PAGE.get(segment)).execute(params);
  }

  /** {@code [total, sms_only]} over all accounts. */
  public Future<long[]> counts(SqlClient client, boolean emailIsFactor) {
    return client.preparedQuery(COUNTS).execute(Tuple.of(emailIsFactor)).map(rows -> {
      Row r = rows.iterator().next();
      return new long[] {r.getLong("total"), r.getLong("sms_only")};
    });
  }

  /** One account with its factors, throttle and campaigns; null when there is none. */
  public Future<Row> detail(SqlClient client, String userId) {
    return client.preparedQuery(DETAIL).execute(Tuple.of(userId)).map(rows -> rows.size() == 0 ? null : rows.iterator().next());
  }

  /** Locks the account row for a repair; null when there is none. */
  public Future<Row> lock(SqlClient client, String userId) {
    return client.preparedQuery(LOCK).execute(Tuple.of(userId)).map(rows -> rows.size() == 0 ? null : rows.iterator().next());
  }

  /** Counts of what a reset changed. */
  /** What a reset did; {@code revokedAddresses} are the email factors' addresses it revoked (they get the notice). */
  public record ResetCounts(int factorsRevoked, int recoveryCodesDeleted, int sessionsRevoked, int pendingLoginsDropped,
                            List<String> revokedAddresses) {}

  /** Everything of a reset except the audit entry; run inside a transaction after {@link #lock}. */
  public Future<ResetCounts> reset(SqlClient client, long accountId) {
    Tuple id = Tuple.of(accountId);
    return client.preparedQuery(REVOKE_FACTORS).execute(id)
        .compose(f -> client.preparedQuery(DELETE_UNUSED_CODES).execute(id)
            .compose(r -> client.preparedQuery(SMS_ONLY).execute(id)
                .compose(p -> client.preparedQuery(REVOKE_SESSIONS).execute(id))
                .compose(s -> client.preparedQuery(DROP_PENDING).execute(id)
                    .compose(d -> client.preparedQuery(CLEAR_THROTTLE).execute(id)
                        .map(t -> new ResetCounts(f.rowCount(), r.rowCount(), s.rowCount(), d.rowCount(), emailAddresses(f)))))));
  }

  private static List<String> emailAddresses(RowSet<Row> revoked) {
    List<String> out = new ArrayList<>();
    for (Row r : revoked) {
      // only addresses that were confirmed: one merely typed in (by whoever held the number, say)
      // must not receive a "this wasn't me" link that freezes the account
      if ("email".equals(r.getString("kind")) && r.getString("address") != null && Boolean.TRUE.equals(r.getBoolean("confirmed"))) {
        out.add(r.getString("address"));
      }
    }
    return out;
  }

  /** Lifts a "this wasn't me" freeze; true when the account was frozen. */
  public Future<Boolean> unfreeze(SqlClient client, long accountId) {
    return client.preparedQuery(UNFREEZE).execute(Tuple.of(accountId)).map(rows -> rows.rowCount() == 1);
  }

  /** The throttle row, locked; null when the account never failed a challenge. */
  public Future<Row> throttle(SqlClient client, long accountId) {
    return client.preparedQuery(THROTTLE).execute(Tuple.of(accountId)).map(rows -> rows.size() == 0 ? null : rows.iterator().next());
  }

  public Future<Void> clearThrottle(SqlClient client, long accountId) {
    return client.preparedQuery(CLEAR_THROTTLE).execute(Tuple.of(accountId)).mapEmpty();
  }
}
