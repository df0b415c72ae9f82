package dev.factorgate.web;

import dev.factorgate.Services;
import dev.factorgate.proxy.LoginAnswers;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;

/**
 * The two steps of a one-time link (an enrolment link, a "this wasn't me" link): the GET shows a
 * page whose form carries the token, so that mail scanners fetching links use up nothing, and the
 * POST returns the token once its CSRF token checks out.
 */
public final class OneTimeLinkForm {

  private final Services services;
  private final LoginAnswers answers;
  private final String purpose;

  /** {@code purpose} keeps the CSRF tokens of different links apart. */
  public OneTimeLinkForm(Services services, LoginAnswers answers, String purpose) {
    this.services = services;
    this.answers = answers;
    this.purpose = purpose;
  }

  /** Renders the page of the link in the path parameter {@code token}. */
  public void page(RoutingContext ctx, String template, Map<String, Object> extra) {
    String token = ctx.pathParam("token");
    if (token == null || token.length() > 128) {
      ctx.fail(HttpProblem.notFound("This link is not valid."));
      return;
    }
    Map<String, Object> model = new HashMap<>(extra);
    model.put("token", token);
    model.put("csrf", services.csrf().token(purpose + ":" + token));
    answers.page(ctx.request(), 200, template, model);
  }

  /** The posted token, or null after failing the request (missing token, expired form). */
  public String posted(RoutingContext ctx) {
    String token = Requests.form(ctx, "token", 128);
    if (token == null || !services.csrf().verify(purpose + ":" + token, ctx.request().getFormAttribute("csrf"))) {
      ctx.fail(HttpProblem.forbidden("csrf", "The form has expired. Please open the link again."));
      return null;
    }
    return token;
  }
}
