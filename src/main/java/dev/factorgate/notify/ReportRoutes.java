package dev.factorgate.notify;

import static dev.factorgate.store.Timestamps.utc;

import dev.factorgate.Services;
import dev.factorgate.audit.AuditLog;
import dev.factorgate.proxy.LoginAnswers;
import dev.factorgate.session.Tokens;
import dev.factorgate.web.HttpProblem;
import dev.factorgate.web.OneTimeLinkForm;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * "This wasn't me": the link in a change notice. The GET shows a page (mail scanners that fetch
 * links change nothing); its POST, once, revokes the factor the notice was about, ends every
 * gateway session and held login of the account, and freezes it for admin review.
 */
public final class ReportRoutes {

  private static final String CONSUME =
      "update change_reports r set used_at = $2 from accounts a where a.id = r.account_id and r.token_hash = $1 "
          + "and r.used_at is null and r.expires_at > $2 returning r.account_id, r.factor_id, r.change, a.user_id";
  private static final String LOCK_ACCOUNT = "select 1 from accounts where id = $1 for no key update";
  private static final String REVOKE_FACTOR =
      "update factors set status = 'revoked', revoked_at = $3 where id = $1 and account_id = $2 and status <> 'revoked'";
  private static final String END_SESSIONS = "update gateway_sessions set revoked_at = $2 where account_id = $1 and revoked_at is null";
  private static final String END_PENDING = "update pending_logins set consumed_at = $2 where account_id = $1 and consumed_at is null";
  private static final String FREEZE = "update accounts set frozen_at = $2, frozen_reason = $3, updated_at = now() where id = $1";

  private final Services services;
  private final LoginAnswers answers;
  private final AuditLog audit;
  private final OneTimeLinkForm form;

  public ReportRoutes(Services services, LoginAnswers answers, AuditLog audit) {
    this.services = services;
    this.answers = answers;
    this.audit = audit;
    this.form = new OneTimeLinkForm(services, answers, "report");
  }

  public void mount(Router router) {
    router.get("/report/:token").handler(this::page);
    router.post("/report").handler(this::report);
  }

  private void page(RoutingContext ctx) {
    form.page(ctx, "report", Map.of("done", Boolean.FALSE));
  }

  private void report(RoutingContext ctx) {
    String token = form.posted(ctx);
    if (token == null) {
      return;
    }
    byte[] hash = Tokens.hash(token);
    if (hash == null) {
      ctx.fail(gone());
      return;
    }
    String ip = services.clients().ip(ctx.request());
    OffsetDateTime now = utc(services.clock().instant());
    services.pool().withTransaction(tx -> tx.preparedQuery(CONSUME).execute(Tuple.of(hash, now))
            .compose(rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(gone());
              }
              Row r = rows.iterator().next();
              long account = r.getLong("account_id");
              UUID factor = r.getUUID("factor_id");
              String change = r.getString("change");
              // the account before its factor, the order every change takes (no deadlock with a removal)
              Future<?> revoke = tx.preparedQuery(LOCK_ACCOUNT).execute(Tuple.of(account))
                  .compose(v -> factor == null ? Future.succeededFuture()
                      : tx.preparedQuery(REVOKE_FACTOR).execute(Tuple.of(factor, account, now)));
              return revoke
                  .compose(v -> tx.preparedQuery(END_SESSIONS).execute(Tuple.of(account, now)))
                  .compose(v -> tx.preparedQuery(END_PENDING).execute(Tuple.of(account, now)))
                  .compose(v -> tx.preparedQuery(FREEZE).execute(Tuple.of(account, now, "reported by the owner: " + change)))
                  .compose(v -> audit.record(tx, AuditLog.Entry.user(r.getString("user_id"), "change_reported", "frozen", ip,
                      new JsonObject().put("change", change).put("factor", factor == null ? null : factor.toString()))));
            }))
        .onSuccess(v -> answers.page(ctx.request(), 200, "report", Map.of("done", Boolean.TRUE, "token", "", "csrf", "")))
        .onFailure(ctx::fail);
  }

  private static HttpProblem gone() {
    return new HttpProblem(410, "link-invalid", "Link not valid", "This link was used already or has expired.");
  }
}
