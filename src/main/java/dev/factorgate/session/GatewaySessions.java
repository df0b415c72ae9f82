package dev.factorgate.session;

import static dev.factorgate.store.Timestamps.utc;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Server-side gateway sessions, used by the settings pages and APIs. The client holds a random
 * token (cookie {@code fg_session} or header {@code Factorgate-Session}); the table holds its hash.
 * Every authentication step issues a new token.
 */
public final class GatewaySessions {

  /** A live session. */
  public record Session(byte[] tokenHash, long accountId, String userId, String loginMethod, String secondFactor,
                        Instant createdAt, Instant steppedUpAt, Instant expiresAt) {}

  private static final String INSERT =
      """
      insert into gateway_sessions (token_hash, account_id, login_method, second_factor, created_at, stepped_up_at, expires_at)
      values ($1, $2, $3, $4, $5, $6, $7)
      """;

  private static final String FIND =
      """
      select s.token_hash, s.account_id, a.user_id, s.login_method, s.second_factor, s.created_at, s.stepped_up_at, s.expires_at
      from gateway_sessions s join accounts a on a.id = s.account_id
      where s.token_hash = $1 and s.revoked_at is null and s.expires_at > $2 and a.frozen_at is null
      """;

  private static final String REVOKE = "update gateway_sessions set revoked_at = now() where token_hash = $1 and revoked_at is null";
  private static final String REVOKE_ACCOUNT =
      "update gateway_sessions set revoked_at = now() where account_id = $1 and revoked_at is null";

  private final Pool pool;
  private final SecureRandom random;
  private final Duration ttl;

  public GatewaySessions(Pool pool, SecureRandom random, Duration ttl) {
    this.pool = pool;
    this.random = random;
    this.ttl = ttl;
  }

  /** How long a new session lives. */
  public Duration ttl() {
    return ttl;
  }

  /** Creates a session and returns its token (shown to the client once). */
  public Future<String> create(SqlClient client, long accountId, String loginMethod, String secondFactor, Instant now, boolean steppedUp) {
    String token = Tokens.random(random);
    OffsetDateTime at = utc(now);
    return client
        .preparedQuery(INSERT)
        .execute(Tuple.of(Tokens.hash(token), accountId, loginMethod, secondFactor, at, steppedUp ? at : null, at.plus(ttl)))
        .map(token);
  }

  /** The live session of a token, or null. */
  public Future<Session> find(String token, Instant now) {
    byte[] hash = Tokens.hash(token);
    if (hash == null) {
      return Future.succeededFuture(null);
    }
    return pool.preparedQuery(FIND)
        .execute(Tuple.of(hash, utc(now)))
        .map(rows -> rows.size() == 0 ? null : session(rows.iterator().next()));
  }

  public Future<Void> revoke(SqlClient client, String token) {
    byte[] hash = Tokens.hash(token);
    return hash == null ? Future.succeededFuture() : client.preparedQuery(REVOKE).execute(Tuple.of(hash)).mapEmpty();
  }

  public Future<Void> revokeAll(SqlClient client, long accountId) {
    return client.preparedQuery(REVOKE_ACCOUNT).execute(Tuple.of(accountId)).mapEmpty();
  }

  private static Session session(Row r) {
    return new Session(
        r.getBuffer("token_hash").getBytes(),
        r.getLong("account_id"),
        r.getString("user_id"),
        r.getString("login_method"),
        r.getString("second_factor"),
        r.getOffsetDateTime("created_at").toInstant(),
        r.getOffsetDateTime("stepped_up_at") == null ? null : r.getOffsetDateTime("stepped_up_at").toInstant(),
        r.getOffsetDateTime("expires_at").toInstant());
  }
}
