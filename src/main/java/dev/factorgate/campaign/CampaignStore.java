package dev.factorgate.campaign;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/** SQL of campaigns and their members. Membership is written in sets, never row by row. */
public final class CampaignStore {

  private static final String INSERT =
      """
      insert into campaigns (name, mode, audience, snooze_limit, enforce_after, notify, created_by)
      values ($1, $2, $3, $4, $5, $6, $7)
      returning id
      """;

  /*
   * The audience rule every campaign shares: SMS-only accounts without an active strong factor
   * ($2: whether an email factor counts as one). The filters of AudienceQuery are appended to it.
   */
  static final String MATERIALISE =
      """
      insert into campaign_members (campaign_id, account_id)
      select $1, a.id
        from accounts a
       where a.login_policy = 'sms_only'
         and not exists (select 1 from factors f
                          where f.account_id = a.id and f.status = 'active'
                            and (f.kind = 'totp' or (f.kind = 'email' and $2)))
      """;

  private static final String SET_TARGETED = "update campaigns set targeted = $2 where id = $1";

  private static final String COLUMNS =
      "select id, name, mode, status, audience, snooze_limit, enforce_after, notify, targeted, created_by, created_at, updated_at from campaigns ";

  private static final String LIST = COLUMNS + "order by id desc";
  private static final String ONE = COLUMNS + "where id = $1";
  private static final String LOCK = "select status from campaigns where id = $1 for update";
  private static final String SET_STATUS = "update campaigns set status = $2, updated_at = now() where id = $1";

  private static final String STATES_ALL = "select campaign_id, state, count(*) as n from campaign_members group by campaign_id, state";
  private static final String STATES_ONE =
      "select campaign_id, state, count(*) as n from campaign_members where campaign_id = $1 group by campaign_id, state";

  private static final String PER_DAY =
      """
      select (enrolled_at at time zone 'UTC')::date as day, count(*) as n
        from campaign_members
       where campaign_id = $1 and enrolled_at is not null
       group by 1 order by 1
      """;

  private static final String PER_DAY_ALL =
      """
      select campaign_id, (enrolled_at at time zone 'UTC')::date as day, count(*) as n
        from campaign_members
       where enrolled_at is not null and enrolled_at >= now() - make_interval(days => $1)
       group by 1, 2 order by 1, 2
      """;

  /*
   * Called when an account confirms its first strong factor: every live membership in an active
   * campaign counts as enrolled from now on. Memberships of paused or cancelled campaigns keep
   * their state, so those campaigns' figures stay what they were when they stopped.
   */
  private static final String LOCK_MEMBER =
      "select m.state from campaign_members m join accounts a on a.id = m.account_id "
          + "where m.campaign_id = $1 and a.user_id = $2 for update of m";

  private static final String EXEMPT =
      "update campaign_members m set state = 'exempt', updated_at = now() from accounts a "
          + "where a.id = m.account_id and m.campaign_id = $1 and a.user_id = $2";

  private static final String MARK_ENROLLED =
      """
      update campaign_members m
         set state = 'enrolled', enrolled_at = now(), updated_at = now()
        from campaigns c
       where c.id = m.campaign_id and m.account_id = $1 and c.status = 'active'
         and m.state not in ('enrolled', 'exempt')
      """;

  public Future<Long> insert(SqlClient client, CampaignRequest r, String createdBy) {
    return client.preparedQuery(INSERT)
        .execute(Tuple.from(new Object[] {
            r.name(), r.mode(), r.audience().toJson(), r.snoozeLimit(), r.enforceAfter(), r.notice(), createdBy}))
        .map(rows -> rows.iterator().next().getLong("id"));
  }

  /** Inserts every matching account as a member, in one statement; returns how many. */
  public Future<Integer> materialise(SqlClient client, long campaignId, Audience audience, boolean emailIsFactor) {
    AudienceQuery q = AudienceQuery.of(campaignId, audience, emailIsFactor);
    return client.preparedQuery(q.sql()).execute(q.params()).map(RowSet::rowCount);
  }

  public Future<Void> setTargeted(SqlClient client, long campaignId, int targeted) {
    return client.preparedQuery(SET_TARGETED).execute(Tuple.of(campaignId, targeted)).mapEmpty();
  }

  public Future<RowSet<Row>> list(SqlClient client) {
    return client.query(LIST).execute();
  }

  public Future<Row> find(SqlClient client, long id) {
    return client.preparedQuery(ONE).execute(Tuple.of(id)).map(rows -> rows.size() == 0 ? null : rows.iterator().next());
  }

  /** The campaign's status, its row locked for a transition; null when there is none. */
  /** The member's state, its row locked; null when the account is not a member. */
  public Future<String> lockMember(SqlClient client, long campaignId, String userId) {
    return client.preparedQuery(LOCK_MEMBER).execute(Tuple.of(campaignId, userId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("state"));
  }

  public Future<Void> exempt(SqlClient client, long campaignId, String userId) {
    return client.preparedQuery(EXEMPT).execute(Tuple.of(campaignId, userId)).mapEmpty();
  }

  public Future<String> lockStatus(SqlClient client, long id) {
    return client.preparedQuery(LOCK).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("status"));
  }

  public Future<Void> setStatus(SqlClient client, long id, String status) {
    return client.preparedQuery(SET_STATUS).execute(Tuple.of(id, status)).mapEmpty();
  }

  /** Member counts per campaign and state: one campaign's, or every campaign's when {@code id} is null. */
  public Future<RowSet<Row>> states(SqlClient client, Long id) {
    return id == null ? client.query(STATES_ALL).execute() : client.preparedQuery(STATES_ONE).execute(Tuple.of(id));
  }

  /** Enrolments per UTC day of one campaign, oldest first. */
  public Future<RowSet<Row>> enrolmentsPerDay(SqlClient client, long id) {
    return client.preparedQuery(PER_DAY).execute(Tuple.of(id));
  }

  /** Enrolments per campaign and UTC day over the last {@code days} days. */
  public Future<RowSet<Row>> enrolmentsPerDay(SqlClient client, int days) {
    return client.preparedQuery(PER_DAY_ALL).execute(Tuple.of(days));
  }

  /**
   * Marks every membership of the account in an active campaign as enrolled; call in the
   * transaction that confirms its first strong factor. Returns how many memberships changed.
   */
  public Future<Integer> markEnrolled(SqlClient client, long accountId) {
    return client.preparedQuery(MARK_ENROLLED).execute(Tuple.of(accountId)).map(RowSet::rowCount);
  }

  static List<String> states() {
    return List.of("targeted", "notified", "snoozed", "enrolled", "exempt");
  }
}
