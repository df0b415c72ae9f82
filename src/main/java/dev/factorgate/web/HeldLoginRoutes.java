package dev.factorgate.web;

import dev.factorgate.Services;
import dev.factorgate.factor.FactorService;
import dev.factorgate.proxy.LoginAnswers;
import dev.factorgate.proxy.LoginGate;
import dev.factorgate.proxy.PendingLogin;
import dev.factorgate.session.GatewayCookies;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pages and APIs of a held login that do not verify a factor: the challenge and enrolment pages,
 * snoozing a nudge ({@code /enrol/later}), and releasing after enrolment ({@code /release}).
 */
public final class HeldLoginRoutes {

  private static final String SNOOZE =
      """
      update campaign_members m
         set snoozes = m.snoozes + 1,
             state = case when m.state in ('targeted', 'notified') then 'snoozed' else m.state end,
             updated_at = now()
        from campaigns c
       where c.id = m.campaign_id and m.campaign_id = $1 and m.account_id = $2 and c.status = 'active'
         and (c.snooze_limit is null or m.snoozes < c.snooze_limit)
      """;


  private static final String DEADLINE = "select enforce_after from campaigns where id = $1";
  /** The deadline as shown: the day and time in UTC, said so (the site's own time zone is not known). */
  private static final java.time.format.DateTimeFormatter DEADLINE_FORMAT =
      java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);

  private final Services services;
  private final LoginGate gate;
  private final LoginAnswers answers;
  private final FactorService factors;

  public HeldLoginRoutes(Services services, LoginGate gate, LoginAnswers answers, FactorService factors) {
    this.services = services;
    this.gate = gate;
    this.answers = answers;
    this.factors = factors;
  }

  public void mount(Router router) {
    router.get("/challenge").handler(this::challengePage);
    router.get("/enrol").handler(this::enrolPage);
    router.post("/enrol/later").handler(ctx -> snooze(ctx, false));
    router.post("/api/enrol/later").handler(ctx -> snooze(ctx, true));
    router.post("/release").handler(ctx -> release(ctx, false));
    router.post("/api/release").handler(ctx -> release(ctx, true));
  }

  /** The live pending login of the request, or a 401 problem. */
  public Future<PendingLogin> pending(RoutingContext ctx) {
    return gate.pending(GatewayCookies.pendingToken(ctx.request()))
        .compose(
            p ->
                p != null
                    ? Future.succeededFuture(p)
                    : Future.failedFuture(
                        new HttpProblem(401, "pending-login-expired", "Sign-in expired",
                            "This sign-in has expired or was already completed. Please sign in again.")));
  }

  /** Checks the CSRF token of a form post bound to a pending login. */
  public Future<PendingLogin> checkForm(RoutingContext ctx, PendingLogin p) {
    String presented = ctx.request().getFormAttribute("csrf");
    if (!services.csrf().verify(binding(p), presented)) {
      return Future.failedFuture(HttpProblem.forbidden("csrf", "The form has expired. Please go back and try again."));
    }
    return Future.succeededFuture(p);
  }

  public static String binding(PendingLogin p) {
    return "pending:" + p.id();
  }

  private void challengePage(RoutingContext ctx) {
    pending(ctx)
        .compose(p -> gate.accounts().snapshot(services.pool(), p.accountId()).map(a -> Map.entry(p, a)))
        .onSuccess(
            e -> {
              PendingLogin p = e.getKey();
              if (!PendingLogin.CHALLENGE.equals(p.outcome())) {
                ctx.redirect(services.config().server().prefix() + "/enrol");
                return;
              }
              Map<String, Object> model = new HashMap<>();
              model.put("methods", e.getValue().challengeMethods(gate.emailIsFactor()));
              model.put("csrf", services.csrf().token(binding(p)));
              model.put("emailSent", Boolean.FALSE);
              answers.page(ctx.request(), 200, "challenge", model);
            })
        .onFailure(ctx::fail);
  }

  private void enrolPage(RoutingContext ctx) {
    pending(ctx)
        .onSuccess(
            p -> {
              if (PendingLogin.CHALLENGE.equals(p.outcome())) {
                ctx.redirect(services.config().server().prefix() + "/challenge");
                return;
              }
              boolean nudge = PendingLogin.NUDGE.equals(p.outcome());
              deadline(p).onSuccess(deadline -> {
                Map<String, Object> model = new HashMap<>();
                model.put("mode", nudge ? "nudge" : "required");
                model.put("snoozesLeft", p.snoozesLeft());
                model.put("csrf", services.csrf().token(binding(p)));
                // a nudge names the day it becomes required; a requirement names the day it began,
                // and none when it is only the snoozes that ran out
                if (deadline != null && (nudge || !deadline.isAfter(services.clock().instant()))) {
                  model.put("deadline", DEADLINE_FORMAT.format(deadline));
                }
                answers.page(ctx.request(), 200, "enrol", model);
              }).onFailure(ctx::fail);
            })
        .onFailure(ctx::fail);
  }

  /** The campaign's {@code enforce_after}, or null: when nudges become required. */
  private Future<java.time.Instant> deadline(PendingLogin p) {
    if (p.campaignId() == null) {
      return Future.succeededFuture(null);
    }
    return services.pool().preparedQuery(DEADLINE).execute(Tuple.of(p.campaignId())).map(rows -> {
      OffsetDateTime at = rows.size() == 0 ? null : rows.iterator().next().getOffsetDateTime(0);
      return at == null ? null : at.toInstant();
    });
  }

  private void snooze(RoutingContext ctx, boolean api) {
    HttpServerRequest req = ctx.request();
    pending(ctx)
        .compose(p -> api ? Future.succeededFuture(p) : checkForm(ctx, p))
        .compose(
            p -> {
              if (!PendingLogin.NUDGE.equals(p.outcome()) || p.snoozesLeft() == 0 || p.campaignId() == null) {
                return Future.failedFuture(noSnooze());
              }
              return gate.complete(p, "snooze", services.clients().ip(req), conn -> recordSnooze(conn, p));
            })
        .onSuccess(c -> release(req, c, api))
        .onFailure(e -> ctx.fail(map(e)));
  }

  private Future<Void> recordSnooze(SqlConnection conn, PendingLogin p) {
    return conn.preparedQuery(SNOOZE)
        .execute(Tuple.of(p.campaignId(), p.accountId()))
        .compose(rows -> rows.rowCount() == 1 ? Future.<Void>succeededFuture() : Future.failedFuture(noSnooze()));
  }

  private static HttpProblem noSnooze() {
    return HttpProblem.conflict("no-snooze-left", "Setting up a second factor is required now; it cannot be postponed again.");
  }

  /**
   * Releases the held login once this sign-in confirmed a strong factor. The last enrolment step
   * may also carry the answer to "turn SMS-only sign-in off?" (form field {@code sms_only_off=yes},
   * JSON {@code {"disable_sms_only":true}}), applied in the same transaction.
   */
  private void release(RoutingContext ctx, boolean api) {
    HttpServerRequest req = ctx.request();
    Object answer = api ? Requests.json(ctx).getValue("disable_sms_only") : null;
    if (answer != null && !(answer instanceof Boolean)) {
      ctx.fail(HttpProblem.badRequest("\"disable_sms_only\" must be true or false."));
      return;
    }
    boolean smsOnlyOff = api ? Boolean.TRUE.equals(answer) : "yes".equals(Requests.form(ctx, "sms_only_off", 8));
    String ip = services.clients().ip(req);
    AtomicBoolean turnedOff = new AtomicBoolean();
    pending(ctx)
        .compose(p -> api ? Future.succeededFuture(p) : checkForm(ctx, p))
        .compose(
            p -> {
              if (PendingLogin.CHALLENGE.equals(p.outcome())) {
                return Future.failedFuture(HttpProblem.forbidden("second-factor-required",
                    "This sign-in must be completed with a second factor."));
              }
              // checked once, inside the completion's transaction with the factor's row share-locked:
              // a held login without its own confirmed factor rolls back whole (nothing consumed)
              return gate.complete(p, "enrolment", ip, tx -> (!smsOnlyOff ? Future.<Boolean>succeededFuture(false)
                      : factors.turnSmsOnlyOffAtEnrolment(tx, p.accountId(), p.userId(), ip))
                  // the account (above) before the factor (here): the order every change takes
                  .compose(changed -> factors.holdConfirmedDuring(tx, p.accountId(), p.id()).compose(confirmed -> {
                    if (!confirmed) {
                      return Future.failedFuture(incomplete());
                    }
                    turnedOff.set(changed);
                    return Future.<Void>succeededFuture();
                  })));
            })
        .onSuccess(c -> {
          if (turnedOff.get()) {
            factors.smsOnlyTurnedOff(c.pending().accountId());
          }
          release(req, c, api);
        })
        .onFailure(e -> ctx.fail(map(e)));
  }

  private static HttpProblem incomplete() {
    return HttpProblem.forbidden("enrolment-incomplete", "Set up and confirm a second factor first.");
  }

  /** Sends a completed pending login back in the form its client expects. */
  public void release(HttpServerRequest req, LoginGate.Completion c, boolean api) {
    if (api || c.pending().api()) {
      answers.releaseVerbatim(req, c.response(), c.sessionToken());
    } else {
      answers.releaseRedirect(req, c.response(), c.pending().destination(), c.sessionToken());
    }
  }

  /** A pending login used twice reads as expired: the second request learns nothing more. */
  public static Throwable map(Throwable e) {
    if (e instanceof LoginGate.AlreadyUsed) {
      return new HttpProblem(401, "pending-login-expired", "Sign-in expired",
          "This sign-in has expired or was already completed. Please sign in again.");
    }
    return e;
  }
}
