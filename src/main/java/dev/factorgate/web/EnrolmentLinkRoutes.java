package dev.factorgate.web;

import dev.factorgate.Services;
import dev.factorgate.enrolment.EnrolmentLinks;
import dev.factorgate.proxy.LoginAnswers;
import dev.factorgate.proxy.LoginGate;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * The public side of an admin's one-time enrolment link: a GET shows a page (so mail scanners that
 * fetch links do not use it up), its POST uses the link once and opens a short gateway session
 * that may enrol a first factor despite a recycled or virtual number.
 */
public final class EnrolmentLinkRoutes {

  private final Services services;
  private final LoginGate gate;
  private final LoginAnswers answers;
  private final EnrolmentLinks links;
  private final OneTimeLinkForm form;

  public EnrolmentLinkRoutes(Services services, LoginGate gate, LoginAnswers answers, EnrolmentLinks links) {
    this.services = services;
    this.gate = gate;
    this.answers = answers;
    this.links = links;
    this.form = new OneTimeLinkForm(services, answers, "link");
  }

  public void mount(Router router) {
    router.get("/enrolment-link/:token").handler(this::page);
    router.post("/enrolment-link").handler(this::use);
  }

  private void page(RoutingContext ctx) {
    form.page(ctx, "enrolment_link", Map.of());
  }

  private void use(RoutingContext ctx) {
    String token = form.posted(ctx);
    if (token == null) {
      return;
    }
    var now = services.clock().instant();
    services.pool().withTransaction(tx -> links.consume(tx, token, now)
            .compose(opened -> opened == null
                ? Future.<String>failedFuture(new HttpProblem(410, "link-invalid", "Link not valid",
                    "This link was used already or has expired. Ask support for a new one."))
                // not stepped up: the link is for setting up the first factor (which needs no step-up),
                // never for removing factors or turning SMS-only sign-in back on
                : gate.sessions().create(tx, opened.accountId(), EnrolmentLinks.METHOD, null, now, false)))
        .onSuccess(session -> {
          ctx.response().putHeader(HttpHeaders.SET_COOKIE, answers.cookies().session(ctx.request(), session, services.config().policy().stepUpMaxAge()));
          ctx.redirect(services.config().server().prefix() + "/settings");
        })
        .onFailure(ctx::fail);
  }
}
