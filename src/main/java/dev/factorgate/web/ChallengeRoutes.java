package dev.factorgate.web;

import dev.factorgate.Services;
import dev.factorgate.audit.AuditLog;
import dev.factorgate.factor.SecondFactors;
import dev.factorgate.factor.email.EmailCodes;
import dev.factorgate.proxy.LoginAnswers;
import dev.factorgate.proxy.LoginGate;
import dev.factorgate.proxy.PendingLogin;
import dev.factorgate.proxy.SafeRedirect;
import dev.factorgate.session.GatewayCookies;
import dev.factorgate.session.Principal;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlConnection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The second-factor challenge of a held login ({@code /challenge}, {@code /api/challenge}) and the
 * step-up of a signed-in session ({@code /step-up}, {@code /api/step-up}). Both verify through
 * {@link SecondFactors} and end with a new session id.
 */
public final class ChallengeRoutes {

  private final Services services;
  private final LoginGate gate;
  private final LoginAnswers answers;
  private final HeldLoginRoutes held;
  private final SecondFactors factors;
  private final Principals principals;
  private final EmailCodes emailCodes;
  private final AuditLog audit;

  public ChallengeRoutes(Services services, LoginGate gate, LoginAnswers answers, HeldLoginRoutes held, SecondFactors factors,
                         Principals principals, EmailCodes emailCodes) {
    this.emailCodes = emailCodes;
    this.audit = new AuditLog(services.instanceId());
    this.services = services;
    this.gate = gate;
    this.answers = answers;
    this.held = held;
    this.factors = factors;
    this.principals = principals;
  }

  public void mount(Router router) {
    router.post("/challenge").handler(this::challengeForm);
    router.post("/api/challenge").handler(this::challengeApi);
    router.post("/challenge/email").handler(ctx -> sendLoginCode(ctx, false));
    router.post("/api/challenge/email").handler(ctx -> sendLoginCode(ctx, true));
    router.post("/step-up/email").handler(ctx -> sendStepUpCode(ctx, false));
    router.post("/api/step-up/email").handler(ctx -> sendStepUpCode(ctx, true));
    router.get("/step-up").handler(this::stepUpPage);
    router.post("/step-up").handler(this::stepUpForm);
    router.post("/api/step-up").handler(this::stepUpApi);
  }

  private Future<PendingLogin> challengeable(RoutingContext ctx) {
    return held.pending(ctx).compose(p -> PendingLogin.CHALLENGE.equals(p.outcome())
        ? Future.succeededFuture(p)
        : Future.failedFuture(HttpProblem.conflict("no-challenge", "This sign-in asks for setting up a factor, not for a code.")));
  }

  private void challengeApi(RoutingContext ctx) {
    String ip = services.clients().ip(ctx.request());
    JsonObject body = Requests.json(ctx);
    String method = Requests.required(body, "method", 32);
    String code = Requests.required(body, "code", 64);
    challengeable(ctx)
        .compose(p -> verifyAndComplete(p, method, code, ip))
        .onSuccess(c -> answers.releaseVerbatim(ctx.request(), c.response(), c.sessionToken()))
        .onFailure(e -> ctx.fail(HeldLoginRoutes.map(e)));
  }

  /**
   * Verifies the code and completes the held login in one transaction, with one audit entry for
   * both. When another request used the held login first, the verification still counts (the code
   * is spent, the throttle reset, the entry written with {@code released: false}) and the answer is
   * {@link LoginGate.AlreadyUsed}.
   */
  private Future<LoginGate.Completion> verifyAndComplete(PendingLogin p, String method, String code, String ip) {
    return factors
        .verifyThen(p.accountId(), p.userId(), method, code, ip, "challenge", p.id(), new Completing(p))
        .compose(c -> c == null ? Future.failedFuture(new LoginGate.AlreadyUsed()) : Future.succeededFuture(c));
  }

  /** A verified code completes the held login; a TOTP code's replay guard goes in the same statement. */
  private final class Completing implements SecondFactors.Then<LoginGate.Completion> {
    private final PendingLogin p;

    Completing(PendingLogin p) {
      this.p = p;
    }

    @Override
    public Future<LoginGate.Completion> apply(SqlConnection tx, SecondFactors.Verified v, AuditLog.Entry success) {
      return gate.completeIn(tx, p, v.method(), success, null);
    }

    @Override
    public boolean fusesStep() {
      return true;
    }

    @Override
    public Future<SecondFactors.Stepped<LoginGate.Completion>> applyWithStep(SqlConnection tx, SecondFactors.Verified v, long step,
                                                                            AuditLog.Entry success) {
      return gate.completeWithStep(tx, p, v.method(), success, v.factorId(), step)
          .map(s -> new SecondFactors.Stepped<>(s.stepAccepted(), s.completion()));
    }
  }

  private void challengeForm(RoutingContext ctx) {
    String ip = services.clients().ip(ctx.request());
    String method = Requests.form(ctx, "method", 32);
    String code = Requests.form(ctx, "code", 64);
    challengeable(ctx)
        .compose(p -> held.checkForm(ctx, p))
        .onSuccess(p -> verifyAndComplete(p, method, code == null ? "" : code, ip)
            .onSuccess(c -> answers.releaseRedirect(ctx.request(), c.response(), c.pending().destination(), c.sessionToken()))
            .onFailure(e -> challengeAgain(ctx, p, method, HeldLoginRoutes.map(e))))
        .onFailure(e -> ctx.fail(HeldLoginRoutes.map(e)));
  }

  /** The address email codes go to: the most recently confirmed email factor. */
  private Future<String> emailAddress(long accountId) {
    return new dev.factorgate.factor.FactorStore().activeEmails(services.pool(), accountId)
        .compose(list -> list.isEmpty()
            ? Future.failedFuture(HttpProblem.conflict("no-email-factor", "This account has no confirmed email address to send a code to."))
            : Future.succeededFuture(list.get(0).address()));
  }

  private void sendLoginCode(RoutingContext ctx, boolean api) {
    challengeable(ctx)
        .compose(p -> api ? Future.succeededFuture(p) : held.checkForm(ctx, p))
        .onSuccess(p -> emailAddress(p.accountId())
            .compose(address -> emailCodes.send(new EmailCodes.Binding(p.accountId(), "login", null, p.id()), address))
            .onSuccess(v -> {
              if (api) {
                ctx.response().setStatusCode(202).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(new JsonObject().put("sent", true).encode());
              } else {
                challengePage(ctx, p, 200, null, true);
              }
            })
            .onFailure(e -> {
              if (api || !(e instanceof HttpProblem hp) || hp.status() == 401) {
                ctx.fail(e);
              } else {
                challengePage(ctx, p, hp.status(), "email-too-soon".equals(hp.type()) ? "error.email_too_soon" : "error.email_failed", false);
              }
            }))
        .onFailure(e -> ctx.fail(HeldLoginRoutes.map(e)));
  }

  private void sendStepUpCode(RoutingContext ctx, boolean api) {
    String target = api ? null : returnTo(Requests.form(ctx, "return_to", 2048));
    principals.session(ctx)
        .map(p -> api ? p : principals.checkCsrf(ctx, p))
        .compose(p -> emailAddress(p.accountId())
            .compose(address -> emailCodes.send(new EmailCodes.Binding(p.accountId(), "step_up", null, null), address))
            .map(v -> p))
        .onSuccess(p -> {
          if (api) {
            ctx.response().setStatusCode(202).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(new JsonObject().put("sent", true).encode());
          } else {
            gate.accounts().snapshot(services.pool(), p.accountId())
                .onSuccess(a -> {
                  Map<String, Object> m = stepUpModel(p, a.challengeMethods(gate.emailIsFactor()), target, null);
                  m.put("emailSent", Boolean.TRUE);
                  answers.page(ctx.request(), 200, "step_up", m);
                })
                .onFailure(ctx::fail);
          }
        })
        .onFailure(ctx::fail);
  }

  private void challengePage(RoutingContext ctx, PendingLogin p, int status, String error, boolean emailSent) {
    gate.accounts().snapshot(services.pool(), p.accountId()).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      Map<String, Object> model = new HashMap<>();
      model.put("methods", ar.result().challengeMethods(gate.emailIsFactor()));
      model.put("csrf", services.csrf().token(HeldLoginRoutes.binding(p)));
      model.put("emailSent", emailSent);
      if (error != null) {
        model.put("error", error);
      }
      answers.page(ctx.request(), status, "challenge", model);
    });
  }

  /** The challenge page again, with what went wrong; expired logins and outages fail as usual. */
  private void challengeAgain(RoutingContext ctx, PendingLogin p, String method, Throwable e) {
    if (!(e instanceof HttpProblem problem)
        || problem.status() >= 500
        || problem.status() == 403
        || problem.status() == 409
        || problem.status() == 401 && !"challenge-failed".equals(problem.type())) {
      ctx.fail(e);
      return;
    }
    gate.accounts().snapshot(services.pool(), p.accountId()).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      Map<String, Object> model = new HashMap<>();
      model.put("methods", ar.result().challengeMethods(gate.emailIsFactor()));
      model.put("csrf", services.csrf().token(HeldLoginRoutes.binding(p)));
      model.put("emailSent", Boolean.FALSE);
      model.put("error", errorKey(problem));
      model.put("failedMethod", method);
      if (problem.headers().containsKey("Retry-After")) {
        model.put("retryAfter", Integer.valueOf(problem.headers().get("Retry-After")));
        ctx.response().putHeader("Retry-After", problem.headers().get("Retry-After"));
      }
      answers.page(ctx.request(), problem.status(), "challenge", model);
    });
  }

  static String errorKey(HttpProblem p) {
    return switch (p.type()) {
      case "too-many-attempts" -> "error.too_many_attempts";
      case "account-locked" -> "error.too_many_attempts";
      case "bad-request" -> "error.method_unavailable";
      default -> "error.code_invalid";
    };
  }

  private void stepUpPage(RoutingContext ctx) {
    principals.session(ctx)
        .compose(p -> gate.accounts().snapshot(services.pool(), p.accountId()).map(a -> Map.entry(p, a)))
        .onSuccess(e -> answers.page(ctx.request(), 200, "step_up", stepUpModel(e.getKey(), e.getValue().challengeMethods(gate.emailIsFactor()), returnTo(ctx.request().getParam("return_to")), null)))
        .onFailure(ctx::fail);
  }

  private Map<String, Object> stepUpModel(Principal p, List<String> methods, String returnTo, String error) {
    Map<String, Object> m = new HashMap<>();
    m.put("methods", methods);
    m.put("csrf", services.csrf().token(p.csrfBinding()));
    m.put("returnTo", returnTo);
    m.put("emailSent", Boolean.FALSE);
    if (error != null) {
      m.put("error", error);
    }
    return m;
  }

  private String returnTo(String raw) {
    String fallback = services.config().server().prefix() + "/settings";
    return raw != null && SafeRedirect.isSafePath(raw) ? raw : fallback;
  }

  private void stepUpForm(RoutingContext ctx) {
    String ip = services.clients().ip(ctx.request());
    String method = Requests.form(ctx, "method", 32);
    String code = Requests.form(ctx, "code", 64);
    String target = returnTo(Requests.form(ctx, "return_to", 2048));
    principals.session(ctx)
        .map(p -> principals.checkCsrf(ctx, p))
        .onSuccess(p -> stepUp(p, method, code, ip)
            .onSuccess(token -> {
              ctx.response().putHeader(HttpHeaders.SET_COOKIE, answers.cookies().session(ctx.request(), token, services.config().policy().sessionTtl()));
              ctx.redirect(target);
            })
            .onFailure(e -> {
              if (e instanceof HttpProblem problem && problem.status() < 500 && problem.status() != 403) {
                gate.accounts().snapshot(services.pool(), p.accountId())
                    .onSuccess(a -> {
                      Map<String, Object> model = stepUpModel(p, a.challengeMethods(gate.emailIsFactor()), target, errorKey(problem));
                      model.put("failedMethod", method);
                      answers.page(ctx.request(), problem.status(), "step_up", model);
                    })
                    .onFailure(ctx::fail);
              } else {
                ctx.fail(e);
              }
            }))
        .onFailure(ctx::fail);
  }

  private void stepUpApi(RoutingContext ctx) {
    String ip = services.clients().ip(ctx.request());
    JsonObject body = Requests.json(ctx);
    String method = Requests.required(body, "method", 32);
    String code = Requests.required(body, "code", 64);
    principals.session(ctx)
        .compose(p -> stepUp(p, method, code, ip))
        .onSuccess(token -> ctx.response().setStatusCode(204)
            .putHeader(HttpHeaders.SET_COOKIE, answers.cookies().session(ctx.request(), token, services.config().policy().sessionTtl()))
            .putHeader(GatewayCookies.SESSION_HEADER, token)
            .end())
        .onFailure(ctx::fail);
  }

  /** Verifies, then replaces the session with a new, stepped-up one. */
  private Future<String> stepUp(Principal p, String method, String code, String ip) {
    // in the verification's transaction: the code is never spent without the session being replaced
    return factors.verifyThen(p.accountId(), p.userId(), method, code == null ? "" : code, ip, "step_up", null,
        (tx, v, success) -> {
          Future<Void> audited = audit.record(tx, success);
          Future<Void> revoked = gate.sessions().revoke(tx, p.sessionToken());
          Future<String> created = gate.sessions().create(tx, p.accountId(), p.loginMethod(), v.method(), services.clock().instant(), true);
          return Future.all(audited, revoked, created).map(all -> created.result());
        });
  }
}
