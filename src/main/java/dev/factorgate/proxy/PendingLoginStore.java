package dev.factorgate.proxy;

import static dev.factorgate.store.Timestamps.utc;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * SQL for pending logins. Single use is enforced by one conditional UPDATE, across all instances: the
 * first statement of {@link LoginGate}'s completion.
 */
public final class PendingLoginStore {

  private static final String INSERT =
      """
      insert into pending_logins (id, token_hash, account_id, route, login_method, outcome, campaign_id,
                                  snoozes_left, response, destination, api, client_ip, instance, created_at, expires_at)
      values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
      """;

  private static final String COLUMNS =
      """
      p.id, p.account_id, a.user_id, p.route, p.login_method, p.outcome, p.campaign_id, p.snoozes_left,
      p.response, p.destination, p.api, p.created_at, p.expires_at
      """;

  private static final String FIND =
      "select " + COLUMNS + " from pending_logins p join accounts a on a.id = p.account_id "
          + "where p.token_hash = $1 and p.consumed_at is null and p.expires_at > $2";

  private final Pool pool;

  public PendingLoginStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> insert(SqlClient client, PendingLogin p, byte[] tokenHash, String clientIp, String instance) {
    return client
        .preparedQuery(INSERT)
        .execute(
            Tuple.from(
                new Object[] {
                  p.id(), tokenHash, p.accountId(), p.route(), p.loginMethod(), p.outcome(), p.campaignId(),
                  p.snoozesLeft(), io.vertx.core.buffer.Buffer.buffer(p.sealedResponse()), p.destination(), p.api(),
                  clientIp, instance, utc(p.createdAt()), utc(p.expiresAt())
                }))
        .mapEmpty();
  }

  /** The live (unused, unexpired) pending login of a token hash, or null. */
  public Future<PendingLogin> find(byte[] tokenHash, Instant now) {
    if (tokenHash == null) {
      return Future.succeededFuture(null);
    }
    return pool.preparedQuery(FIND)
        .execute(Tuple.of(tokenHash, utc(now)))
        .map(rows -> rows.size() == 0 ? null : row(rows.iterator().next()));
  }

  private static PendingLogin row(Row r) {
    return new PendingLogin(
        r.getUUID("id"),
        r.getLong("account_id"),
        r.getString("user_id"),
        r.getString("route"),
        r.getString("login_method"),
        r.getString("outcome"),
        r.getLong("campaign_id"),
        r.getInteger("snoozes_left"),
        r.getBuffer("response").getBytes(),
        r.getString("destination"),
        r.getBoolean("api"),
        r.getOffsetDateTime("created_at").toInstant(),
        r.getOffsetDateTime("expires_at").toInstant());
  }

}
