package dev.factorgate.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;

/** Reads the audit log, newest first: all of it, or one user's entries (by their index). */
public final class AuditTrail {

  private final SqlClient pool;

  public AuditTrail(SqlClient pool) {
    this.pool = pool;
  }

  /** Up to {@code limit} entries, newest first; {@code userId} null for everyone's. */
  public Future<JsonArray> recent(String userId, int limit) {
    return recent(pool, userId, limit);
  }

  private static final String COLUMNS = "select id, at, actor, user_id, action, outcome, ip, instance, detail from audit_log ";
  private static final String RECENT = COLUMNS + "order by id desc limit $1";
  private static final String OF_USER = COLUMNS + "where user_id = $2 order by id desc limit $1";

  /** Up to {@code limit} entries, newest first; {@code userId} null for everyone's. */
  public Future<JsonArray> recent(SqlClient client, String userId, int limit) {
    Future<io.vertx.sqlclient.RowSet<Row>> rows =
        userId == null
            ? client.preparedQuery(RECENT).execute(Tuple.of(limit))
            : client.preparedQuery(OF_USER).execute(Tuple.of(limit, userId));
    return rows.map(rs -> {
      JsonArray out = new JsonArray();
      for (Row r : rs) {
        OffsetDateTime at = r.getOffsetDateTime("at");
        Object detail = r.getValue("detail");
        out.add(new JsonObject()
            .put("id", r.getLong("id"))
            .put("at", at == null ? null : at.toInstant().toString())
            .put("actor", r.getString("actor"))
            .put("user_id", r.getString("user_id"))
            .put("action", r.getString("action"))
            .put("outcome", r.getString("outcome"))
            .put("ip", r.getString("ip"))
            .put("instance", r.getString("instance"))
            .put("detail", detail instanceof JsonObject o ? o : new JsonObject(String.valueOf(detail))));
      }
      return out;
    });
  }
}
