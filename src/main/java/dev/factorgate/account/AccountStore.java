package dev.factorgate.account;

import dev.factorgate.policy.CampaignMembership;
import dev.factorgate.policy.CampaignMode;
import dev.factorgate.policy.CampaignStatus;
import dev.factorgate.policy.LoginPolicy;
import dev.factorgate.policy.MemberState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** SQL for accounts: the login upsert and the state the login decision reads. */
public final class AccountStore {

  /** Everything the login decision reads about account {@code u}; {@code t} is its throttle row. */
  private static final String STATE =
      """
      select u.id, u.user_id, u.login_policy, u.phone, u.email, u.phone_verified_at, u.phone_recycled_at,
             u.phone_virtual, u.frozen_at is not null as frozen, t.locked_at is not null as locked,
             coalesce((select array_agg(distinct f.kind) from factors f
                       where f.account_id = u.id and f.status = 'active'), '{}') as factor_kinds,
             (select count(*) from recovery_codes r where r.account_id = u.id and r.used_at is null) as recovery_left,
             coalesce((select json_agg(json_build_object('id', c.id, 'mode', c.mode, 'status', c.status,
                         'state', m.state, 'enforce_after', c.enforce_after, 'snooze_limit', c.snooze_limit,
                         'snoozes', m.snoozes))
                       from campaign_members m join campaigns c on c.id = m.campaign_id
                       where m.account_id = u.id), '[]') as campaigns
      """;

  /*
   * One statement: upsert the account and read everything the decision needs. The phone's
   * verification date moves only when the upstream reports a *different* number: an SMS login with
   * the same number proves nothing about who held it before (that is the whole recycled-number
   * problem), so it must not refresh phone_verified_at. A number first learnt at login is checked
   * against the recycled-number lists already imported.
   */
  private static final String RECORD_LOGIN =
      """
      with upserted as (
        insert into accounts as a (user_id, phone, email, phone_virtual, phone_recycled_at, last_login_at, last_login_method)
        values ($1, $2, $3, $4,
                (select max(r.disconnected_at) from recycled_numbers r where r.phone = $2), now(), $5)
        on conflict (user_id) do update set
          phone = coalesce(excluded.phone, a.phone),
          email = coalesce(excluded.email, a.email),
          phone_verified_at = case when excluded.phone is not null and a.phone is not null
                                    and excluded.phone <> a.phone then now() else a.phone_verified_at end,
          phone_recycled_at = case when excluded.phone is null or excluded.phone = a.phone then a.phone_recycled_at
                                   when a.phone is null then excluded.phone_recycled_at
                                   else null end,
          phone_virtual = case when excluded.phone is not null then excluded.phone_virtual else a.phone_virtual end,
          last_login_at = now(),
          last_login_method = excluded.last_login_method,
          updated_at = now()
        returning a.*
      )
      """
          + STATE
          + "from upserted u left join throttles t on t.account_id = u.id";

  private static final String SNAPSHOT =
      STATE + "from accounts u left join throttles t on t.account_id = u.id where u.id = $1";

  private final Pool pool;

  public AccountStore(Pool pool) {
    this.pool = pool;
  }

  /** Creates or updates the account of a successful upstream login and returns its state. */
  public Future<AccountSnapshot> recordLogin(LoginIdentity id, boolean phoneVirtual, String method) {
    return pool.preparedQuery(RECORD_LOGIN)
        .execute(Tuple.of(id.userId(), id.phone(), id.email(), phoneVirtual, method))
        .map(rows -> snapshot(rows.iterator().next()));
  }

  /** The current state of an account by internal id. */
  public Future<AccountSnapshot> snapshot(SqlClient client, long accountId) {
    return client.preparedQuery(SNAPSHOT)
        .execute(Tuple.of(accountId))
        .map(rows -> rows.size() == 0 ? null : snapshot(rows.iterator().next()));
  }

  private static AccountSnapshot snapshot(Row r) {
    Set<String> kinds = new HashSet<>();
    for (String k : r.getArrayOfStrings("factor_kinds")) {
      kinds.add(k);
    }
    return new AccountSnapshot(
        r.getLong("id"),
        r.getString("user_id"),
        LoginPolicy.fromDb(r.getString("login_policy")),
        r.getString("phone"),
        r.getString("email"),
        instant(r.getOffsetDateTime("phone_verified_at")),
        instant(r.getOffsetDateTime("phone_recycled_at")),
        r.getBoolean("phone_virtual"),
        r.getBoolean("frozen"),
        r.getBoolean("locked"),
        Set.copyOf(kinds),
        r.getLong("recovery_left").intValue(),
        campaigns(r.getJson("campaigns")));
  }

  private static List<CampaignMembership> campaigns(Object json) {
    JsonArray arr = json instanceof JsonArray a ? a : new JsonArray(String.valueOf(json));
    List<CampaignMembership> out = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      JsonObject c = arr.getJsonObject(i);
      String enforce = c.getString("enforce_after");
      out.add(
          new CampaignMembership(
              c.getLong("id"),
              CampaignMode.valueOf(c.getString("mode").toUpperCase(Locale.ROOT)),
              CampaignStatus.valueOf(c.getString("status").toUpperCase(Locale.ROOT)),
              MemberState.valueOf(c.getString("state").toUpperCase(Locale.ROOT)),
              enforce == null ? null : OffsetDateTime.parse(enforce).toInstant(),
              c.getInteger("snooze_limit"),
              c.getInteger("snoozes")));
    }
    return List.copyOf(out);
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
