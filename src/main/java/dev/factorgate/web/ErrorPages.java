package dev.factorgate.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's failures as pages a person can act on: in the reader's language and the pages'
 * layout, saying what happened in plain words and offering the way on (sign in again, or back to
 * the site). JSON clients get problem+json from {@link ErrorResponses} as before. When the page
 * cannot be rendered, the minimal {@link Html#errorPage} goes out instead: an error never fails to
 * answer.
 */
public final class ErrorPages {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorPages.class);

  /** Problem types people meet, to the message keys {@code error_page.<kind>.title / .text}. */
  private static final Map<String, String> KINDS = Map.ofEntries(
      Map.entry("pending-login-expired", "expired"),
      Map.entry("unauthorized", "signed_out"),
      Map.entry("csrf", "form_expired"),
      Map.entry("not-found", "not_found"),
      Map.entry("method-not-allowed", "not_found"),
      Map.entry("too-many-attempts", "too_many"),
      Map.entry("too-many-pending-factors", "too_many"),
      Map.entry("account-locked", "too_many"),
      Map.entry("service-unavailable", "unavailable"),
      Map.entry("no-snooze-left", "no_snooze"),
      Map.entry("factor-not-pending", "setup_closed"),
      Map.entry("enrolment-incomplete", "not_finished"),
      Map.entry("second-factor-required", "not_finished"),
      Map.entry("step-up-required", "not_finished"),
      Map.entry("no-challenge", "not_finished"),
      Map.entry("no-factor", "not_finished"));

  /** Kinds whose only way on is signing in to the site again. */
  private static final Set<String> SIGN_IN_AGAIN = Set.of("expired", "signed_out");

  private final Pages pages;
  private final String prefix;
  private final String loginPage;

  /**
   * @param pages the shared renderer
   * @param prefix the gateway's path prefix (for the stylesheet)
   * @param loginPage the site's own sign-in page ({@code upstream.login_page})
   */
  public ErrorPages(Pages pages, String prefix, String loginPage) {
    this.pages = pages;
    this.prefix = prefix;
    this.loginPage = loginPage;
  }

  /** Router failure handler for the gateway's routes. */
  public void handle(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ErrorResponses.send(ctx.request(), ErrorResponses.toProblem(ctx.failure(), ctx.statusCode(), ctx.request()),
        problem -> page(ctx.request(), problem));
  }

  /** Sends a problem outside the router (e.g. from the login-route proxy): JSON or this page. */
  public void send(HttpServerRequest request, HttpProblem problem) {
    ErrorResponses.send(request, problem, p -> page(request, p));
  }

  /** The HTML of a problem for this request's reader. */
  String page(HttpServerRequest request, HttpProblem problem) {
    try {
      Locale locale = Locales.choose(request.getParam("lang"), request.getHeader(HttpHeaders.ACCEPT_LANGUAGE));
      return pages.render("error", locale, model(problem));
    } catch (RuntimeException e) {
      LOG.warn("error page for {} could not be rendered, sending the plain one", problem.type(), e);
      return Html.errorPage(problem);
    }
  }

  Map<String, Object> model(HttpProblem problem) {
    String kind = KINDS.getOrDefault(problem.type(), "generic");
    Map<String, Object> model = new HashMap<>();
    model.put("prefix", prefix);
    model.put("status", problem.status());
    model.put("title", problem.title());
    model.put("detail", problem.detail());
    model.put("titleKey", "error_page." + kind + ".title");
    model.put("textKey", "error_page." + kind + ".text");
    // An unforeseen problem keeps its own words (a 500's request id helps the support team).
    model.put("showDetail", kind.equals("generic"));
    if (SIGN_IN_AGAIN.contains(kind)) {
      model.put("signInHref", loginPage);
    }
    return model;
  }
}
