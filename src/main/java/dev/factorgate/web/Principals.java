package dev.factorgate.web;

import dev.factorgate.Services;
import dev.factorgate.proxy.LoginGate;
import dev.factorgate.proxy.PendingLogin;
import dev.factorgate.session.GatewayCookies;
import dev.factorgate.session.Principal;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * Finds who a settings or enrolment request acts for: a gateway session (header, bearer or cookie),
 * or — for first-factor enrolment only — a held login whose decision asked for enrolment.
 */
public final class Principals {

  private final Services services;
  private final LoginGate gate;

  public Principals(Services services, LoginGate gate) {
    this.services = services;
    this.gate = gate;
  }

  /** A session principal, or 401. */
  public Future<Principal> session(RoutingContext ctx) {
    String token = GatewayCookies.sessionToken(ctx.request());
    return gate.sessions().find(token, services.clock().instant())
        .compose(s -> s == null
            ? Future.failedFuture(HttpProblem.unauthorized("Sign in first: there is no valid gateway session."))
            : Future.succeededFuture(Principal.of(s, token)));
  }

  /** A session, or a held login waiting for enrolment; else 401. */
  public Future<Principal> sessionOrEnrolment(RoutingContext ctx) {
    String pendingToken = GatewayCookies.pendingToken(ctx.request());
    return gate.pending(pendingToken)
        .compose(p -> {
          if (p != null && !PendingLogin.CHALLENGE.equals(p.outcome())) {
            return Future.succeededFuture(Principal.of(p));
          }
          return session(ctx);
        });
  }

  /** Checks the CSRF token of a form against what the principal's forms are bound to. */
  public Principal checkCsrf(RoutingContext ctx, Principal p) {
    if (!services.csrf().verify(p.csrfBinding(), ctx.request().getFormAttribute("csrf"))) {
      throw HttpProblem.forbidden("csrf", "The form has expired. Please go back and try again.");
    }
    return p;
  }
}
