package dev.factorgate.campaign;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL of the notice worker. A batch is claimed by one UPDATE that sets {@code notified_at} before
 * anything is sent: the rows are locked with SKIP LOCKED, so two instances claiming at once get
 * disjoint batches, and a claimed member is never claimed again. A failed send gives the member
 * back.
 */
final class NoticeStore {

  /** Session-level advisory lock held by the one instance that sends notices (the rate is overall). */
  static final long LEADER_LOCK = 0x66676e6f74696365L; // "fgnotice"

  private static final String TRY_LEAD = "select pg_try_advisory_lock($1) as leader";

  private static final String CLAIM =
      """
      update campaign_members m
         set notified_at = now(),
             state = case when m.state = 'targeted' then 'notified' else m.state end,
             updated_at = now()
        from accounts a
       where a.id = m.account_id
         and (m.campaign_id, m.account_id) in (
               select m2.campaign_id, m2.account_id
                 from campaign_members m2
                 join campaigns c on c.id = m2.campaign_id
                 join accounts a2 on a2.id = m2.account_id
                where m2.notified_at is null
                  and m2.state not in ('enrolled', 'exempt')
                  and c.status = 'active' and c.notify = 'email'
                  and a2.email is not null and a2.login_policy = 'sms_only' and a2.frozen_at is null
                order by m2.campaign_id, m2.account_id
                limit $1
                for update of m2 skip locked)
      returning m.campaign_id, m.account_id, a.user_id, a.email
      """;

  // Only members this worker claimed (notified_at set, state moved by the claim) are given back.
  private static final String RELEASE =
      """
      update campaign_members m
         set notified_at = null,
             state = case when m.state = 'notified' then 'targeted' else m.state end,
             updated_at = now()
        from unnest($1::bigint[], $2::bigint[]) as f(campaign_id, account_id)
       where m.campaign_id = f.campaign_id and m.account_id = f.account_id and m.notified_at is not null
      """;

  // An address that cannot be mailed is not retried: notified_at stays set, the state says not told.
  private static final String UNDELIVERABLE =
      """
      update campaign_members m
         set state = case when m.state = 'notified' then 'targeted' else m.state end,
             updated_at = now()
        from unnest($1::bigint[], $2::bigint[]) as f(campaign_id, account_id)
       where m.campaign_id = f.campaign_id and m.account_id = f.account_id
      """;

  /** One claimed member. */
  record Claimed(long campaignId, long accountId, String userId, String email) {}

  Future<Boolean> tryLead(SqlClient connection) {
    return connection.preparedQuery(TRY_LEAD).execute(Tuple.of(LEADER_LOCK)).map(rows -> rows.iterator().next().getBoolean("leader"));
  }

  Future<List<Claimed>> claim(SqlClient client, int max) {
    return client.preparedQuery(CLAIM).execute(Tuple.of(max)).map(rows -> {
      List<Claimed> out = new ArrayList<>(rows.size());
      for (Row r : rows) {
        out.add(new Claimed(r.getLong("campaign_id"), r.getLong("account_id"), r.getString("user_id"), r.getString("email")));
      }
      return out;
    });
  }

  Future<Void> release(SqlClient client, List<Claimed> members) {
    return members.isEmpty() ? Future.succeededFuture() : client.preparedQuery(RELEASE).execute(pairs(members)).mapEmpty();
  }

  Future<Void> undeliverable(SqlClient client, List<Claimed> members) {
    return members.isEmpty() ? Future.succeededFuture() : client.preparedQuery(UNDELIVERABLE).execute(pairs(members)).mapEmpty();
  }

  private static Tuple pairs(List<Claimed> members) {
    Long[] campaigns = new Long[members.size()];
    Long[] accounts = new Long[members.size()];
    for (int i = 0; i < members.size(); i++) {
      campaigns[i] = members.get(i).campaignId();
      accounts[i] = members.get(i).accountId();
    }
    return Tuple.tuple().addArrayOfLong(campaigns).addArrayOfLong(accounts);
  }
}
