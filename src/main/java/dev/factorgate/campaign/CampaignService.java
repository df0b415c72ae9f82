package dev.factorgate.campaign;

import dev.factorgate.audit.AuditLog;
import dev.factorgate.web.HttpProblem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;

/**
 * Creating campaigns (row and members in one transaction), their state machine, and their figures,
 * shared by the admin API and the command line. Every change is audited with its actor.
 */
public final class CampaignService {

  private final Pool pool;
  private final AuditLog audit;
  private final boolean emailIsFactor;
  private final CampaignStore store = new CampaignStore();

  public CampaignService(Pool pool, AuditLog audit, boolean emailIsFactor) {
    this.pool = pool;
    this.audit = audit;
    this.emailIsFactor = emailIsFactor;
  }

  public CampaignStore store() {
    return store;
  }

  /**
   * Creates a campaign and materialises its audience; {@code {"id","targeted"}}. An audience that
   * selects nobody still creates the campaign (targeted 0): the admin sees the figure and can cancel
   * it, and a script that runs on a schedule is not broken by a quiet week. A taken name is 409.
   */
  public Future<JsonObject> create(CampaignRequest r, String actor, String ip) {
    return pool.withTransaction(conn -> store.insert(conn, r, actor)
            .compose(id -> store.materialise(conn, id, r.audience(), emailIsFactor)
                .compose(n -> store.setTargeted(conn, id, n)
                    .compose(v -> audit.record(conn, new AuditLog.Entry(actor, null, "campaign.create", "ok", ip,
                        new JsonObject().put("campaign_id", id).put("name", r.name()).put("mode", r.mode())
                            .put("notify", r.notice()).put("targeted", n).put("audience", r.audience().toJson()))))
                    .map(v -> new JsonObject().put("id", id).put("targeted", n)))))
        .recover(e -> Future.failedFuture(isDuplicateName(e)
            ? HttpProblem.conflict("campaign-name-taken", "A campaign with this name exists already; choose another name.")
            : e));
  }

  private static boolean isDuplicateName(Throwable e) {
    return e instanceof PgException pg && "23505".equals(pg.getSqlState());
  }

  /** Pauses, resumes or cancels; {@code {"id","status"}}. 404 for an unknown id, 409 once cancelled. */
  public Future<JsonObject> transition(long id, String action, String actor, String ip) {
    return pool.withTransaction(conn -> store.lockStatus(conn, id).compose(current -> {
      if (current == null) {
        return Future.failedFuture(unknown());
      }
      String next = CampaignTransitions.next(current, action);
      JsonObject out = new JsonObject().put("id", id).put("status", next);
      if (next.equals(current)) {
        return Future.succeededFuture(out);
      }
      return store.setStatus(conn, id, next)
          .compose(v -> audit.record(conn, new AuditLog.Entry(actor, null, "campaign." + action, "ok", ip,
              new JsonObject().put("campaign_id", id).put("from", current).put("to", next))))
          .map(v -> out);
    }));
  }

  /**
   * Takes one member out of a campaign (SPEC 6's {@code exempt}): no more notices, no nudge or
   * requirement from this campaign, and the state stays when the campaign is resumed. For an account
   * support has checked that cannot use a second factor yet; the reason goes to the audit log.
   * 404 for an unknown campaign or an account that is not a member, 409 for one already enrolled.
   */
  public Future<JsonObject> exempt(long id, String userId, String reason, String actor, String ip) {
    return pool.withTransaction(conn -> store.lockStatus(conn, id).compose(status -> {
      if (status == null) {
        return Future.failedFuture(unknown());
      }
      return store.lockMember(conn, id, userId).compose(state -> {
        if (state == null) {
          return Future.failedFuture(HttpProblem.notFound("This account is not a member of this campaign."));
        }
        if ("enrolled".equals(state)) {
          return Future.failedFuture(HttpProblem.conflict("member-enrolled", "This member has already enrolled a second factor."));
        }
        JsonObject out = new JsonObject().put("campaign_id", id).put("user_id", userId).put("state", "exempt").put("was", state);
        if ("exempt".equals(state)) {
          return Future.succeededFuture(out);
        }
        return store.exempt(conn, id, userId)
            .compose(v -> audit.record(conn, new AuditLog.Entry(actor, userId, "campaign.exempt", "ok", ip,
                new JsonObject().put("campaign_id", id).put("from", state).put("reason", reason))))
            .map(v -> out);
      });
    }));
  }

  /** Every campaign, newest first, with its member counts per state. */
  public Future<JsonArray> list() {
    return store.list(pool).compose(rows -> store.states(pool, null).map(states -> {
      Map<Long, JsonObject> counts = counts(states);
      JsonArray out = new JsonArray();
      for (Row r : rows) {
        long id = r.getLong("id");
        out.add(summary(r).put("states", counts.getOrDefault(id, emptyStates())));
      }
      return out;
    }));
  }

  /** One campaign with its counts per state and enrolments per day; 404 when unknown. */
  public Future<JsonObject> stats(long id) {
    return store.find(pool, id).compose(r -> {
      if (r == null) {
        return Future.failedFuture(unknown());
      }
      return store.states(pool, id).compose(states -> store.enrolmentsPerDay(pool, id).map(days -> {
        JsonArray perDay = new JsonArray();
        for (Row d : days) {
          perDay.add(new JsonObject().put("day", d.getLocalDate("day").toString()).put("count", d.getLong("n")));
        }
        return summary(r).put("states", counts(states).getOrDefault(id, emptyStates())).put("enrolments_per_day", perDay);
      }));
    });
  }

  private static JsonObject summary(Row r) {
    OffsetDateTime enforce = r.getOffsetDateTime("enforce_after");
    Object audience = r.getValue("audience");
    return new JsonObject()
        .put("id", r.getLong("id"))
        .put("name", r.getString("name"))
        .put("mode", r.getString("mode"))
        .put("status", r.getString("status"))
        .put("snooze_limit", r.getInteger("snooze_limit"))
        .put("enforce_after", enforce == null ? null : enforce.toInstant().toString())
        .put("notify", r.getString("notify"))
        .put("targeted", r.getInteger("targeted"))
        .put("audience", audience instanceof JsonObject o ? o : new JsonObject(String.valueOf(audience)))
        .put("created_by", r.getString("created_by"))
        .put("created_at", r.getOffsetDateTime("created_at").toInstant().toString());
  }

  private static Map<Long, JsonObject> counts(RowSet<Row> rows) {
    Map<Long, JsonObject> out = new HashMap<>();
    for (Row r : rows) {
      out.computeIfAbsent(r.getLong("campaign_id"), k -> emptyStates()).put(r.getString("state"), r.getLong("n"));
    }
    return out;
  }

  private static JsonObject emptyStates() {
    JsonObject s = new JsonObject();
    CampaignStore.states().forEach(k -> s.put(k, 0L));
    return s;
  }

  private static HttpProblem unknown() {
    return HttpProblem.notFound("There is no campaign with this id.");
  }
}
