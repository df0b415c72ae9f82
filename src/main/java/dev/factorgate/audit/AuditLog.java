package dev.factorgate.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * The append-only audit log: who did what to which account, with what outcome, from where and on
 * which instance. Never holds a code, secret or token.
 */
public final class AuditLog {

  private static final String INSERT =
      """
      insert into audit_log (actor, user_id, action, outcome, ip, instance, detail)
      values ($1, $2, $3, $4, $5, $6, $7)
      """;

  /** The same insert for work that runs over JDBC (COPY imports), inside that work's transaction. */
  private static final String INSERT_JDBC =
      """
      insert into audit_log (actor, user_id, action, outcome, ip, instance, detail)
      values (?, ?, ?, ?, ?, ?, ?::jsonb)
      """;

  private final String instance;

  public AuditLog(String instance) {
    this.instance = instance;
  }

  /** One entry; {@code client} may be the pool or a transaction's connection. */
  public Future<Void> record(SqlClient client, Entry e) {
    return client
        .preparedQuery(INSERT)
        .execute(Tuple.of(e.actor(), e.userId(), e.action(), e.outcome(), e.ip(), instance, e.detail()))
        .mapEmpty();
  }

  /** One entry written over a JDBC connection, in its current transaction. */
  public void record(java.sql.Connection connection, Entry e) throws java.sql.SQLException {
    try (java.sql.PreparedStatement s = connection.prepareStatement(INSERT_JDBC)) {
      s.setString(1, e.actor());
      s.setString(2, e.userId());
      s.setString(3, e.action());
      s.setString(4, e.outcome());
      s.setString(5, e.ip());
      s.setString(6, instance);
      s.setString(7, e.detail().encode());
      s.executeUpdate();
    }
  }

  /** An audit entry; {@code detail} is free-form JSON without secrets. */
  public record Entry(String actor, String userId, String action, String outcome, String ip, JsonObject detail) {
    public Entry {
      detail = detail == null ? new JsonObject() : detail;
    }

    public static Entry user(String userId, String action, String outcome, String ip, JsonObject detail) {
      return new Entry("user", userId, action, outcome, ip, detail);
    }
  }
}
