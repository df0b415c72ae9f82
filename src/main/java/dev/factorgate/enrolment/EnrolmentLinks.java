package dev.factorgate.enrolment;

import static dev.factorgate.store.Timestamps.utc;

import dev.factorgate.audit.AuditLog;
import dev.factorgate.session.Tokens;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * One-time enrolment links. Self-service first enrolment is refused on recycled and virtual
 * numbers; after checking the person another way, an admin issues a link that opens a short
 * gateway session allowed to enrol. The link's token is stored hashed and works once.
 */
public final class EnrolmentLinks {

  /** How long an issued link stays valid. */
  public static final Duration TTL = Duration.ofHours(24);

  /** The login method recorded on sessions opened by a link. */
  public static final String METHOD = "enrolment_link";

  private static final String INSERT =
      "insert into enrolment_links (token_hash, account_id, created_by, created_at, expires_at) "
          + "select $1, id, $3, $4, $5 from accounts where user_id = $2 returning account_id";
  private static final String CONSUME =
      "update enrolment_links l set used_at = $2 from accounts a where a.id = l.account_id and l.token_hash = $1 "
          + "and l.used_at is null and l.expires_at > $2 returning l.account_id, a.user_id";

  /** An issued link; the token is shown once. */
  public record Issued(String token, Instant expiresAt) {}

  /** A consumed link: whose account it opens. */
  public record Opened(long accountId, String userId) {}

  private final Pool pool;
  private final SecureRandom random;
  private final AuditLog audit;

  public EnrolmentLinks(Pool pool, SecureRandom random, AuditLog audit) {
    this.pool = pool;
    this.random = random;
    this.audit = audit;
  }

  /** Issues a link for an account; null when there is no such account. */
  public Future<Issued> issue(String userId, String actor, String ip, Instant now) {
    String token = Tokens.random(random);
    Instant expires = now.plus(TTL);
    return pool.withTransaction(tx -> tx.preparedQuery(INSERT)
        .execute(Tuple.of(Tokens.hash(token), userId, actor, utc(now), utc(expires)))
        .compose(rows -> rows.size() == 0
            ? Future.succeededFuture((Issued) null)
            : audit.record(tx, new AuditLog.Entry(actor, userId, "enrolment_link", "issued", ip, new JsonObject().put("expires_at", expires.toString())))
                .map(v -> new Issued(token, expires))));
  }

  /** Uses a link once; null when unknown, used or expired. */
  public Future<Opened> consume(SqlClient c, String token, Instant now) {
    byte[] hash = Tokens.hash(token);
    if (hash == null) {
      return Future.succeededFuture(null);
    }
    return c.preparedQuery(CONSUME).execute(Tuple.of(hash, utc(now)))
        .map(rows -> rows.size() == 0 ? null : new Opened(rows.iterator().next().getLong(0), rows.iterator().next().getString(1)));
  }

}
