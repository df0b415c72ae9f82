package dev.factorgate.proxy;

import dev.factorgate.config.GatewayConfig;
import dev.factorgate.policy.Outcome;
import dev.factorgate.session.GatewayCookies;
import dev.factorgate.web.ErrorResponses;
import dev.factorgate.web.HttpProblem;
import dev.factorgate.web.Locales;
import dev.factorgate.web.Pages;
import dev.factorgate.web.SecurityHeaders;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the gateway's answers around a login: the hold answer (303 to a page, or 401 JSON for API
 * clients), refusals, and the release of a held upstream answer — verbatim for API clients, as a
 * 303 to the original destination with the held cookies for browsers.
 */
public final class LoginAnswers {

  private final GatewayConfig config;
  private final GatewayCookies cookies;
  private final Pages pages;

  public LoginAnswers(GatewayConfig config, GatewayCookies cookies, Pages pages) {
    this.config = config;
    this.cookies = cookies;
    this.pages = pages;
  }

  public GatewayCookies cookies() {
    return cookies;
  }

  public Pages pages() {
    return pages;
  }

  /** The SPEC section 2 answer to a held login. */
  public void hold(HttpServerRequest request, LoginGate.Held held) {
    HttpServerResponse r = request.response();
    r.putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    PendingLogin p = held.pending();
    if (p.api()) {
      r.setStatusCode(401)
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(
              new JsonObject()
                  .put("error", apiError(p.outcome()))
                  .put("pending_token", held.pendingToken())
                  .put("methods", new JsonArray(held.methods()))
                  // null: a nudge without a snooze limit (never -1, the internal marker)
                  .put("snoozes_left", p.snoozesLeft() == dev.factorgate.policy.Decision.UNLIMITED_SNOOZES ? null : p.snoozesLeft())
                  .encode());
      return;
    }
    String page = PendingLogin.CHALLENGE.equals(p.outcome()) ? "/challenge" : "/enrol";
    r.setStatusCode(303)
        .putHeader(HttpHeaders.LOCATION, config.server().prefix() + page)
        .putHeader(HttpHeaders.SET_COOKIE, cookies.pending(request, held.pendingToken(), config.policy().pendingLoginTtl()))
        .end();
  }

  static String apiError(String outcome) {
    return switch (outcome) {
      case PendingLogin.CHALLENGE -> "second_factor_required";
      case PendingLogin.REQUIRE_ENROLMENT -> "enrolment_required";
      default -> "enrolment_suggested";
    };
  }

  /** A refused login: the upstream's answer is dropped and the person told why. */
  public void refuse(HttpServerRequest request, Outcome outcome, boolean api, LoginGate.Held recovery) {
    String reason =
        switch (outcome) {
          case REFUSE_LOCKED -> "locked";
          case REFUSE_RECYCLED -> "recycled";
          default -> "frozen";
        };
    int status = outcome == Outcome.REFUSE_LOCKED ? 429 : 403;
    HttpProblem problem =
        switch (reason) {
          case "locked" -> new HttpProblem(429, "account-locked", "Too many attempts",
              "Too many wrong second-factor codes: sign-in is locked. Use a recovery code or contact support.");
          case "recycled" -> new HttpProblem(403, "number-changed-hands", "This phone number changed hands",
              "The phone number on this account was reassigned by its carrier, so SMS sign-in is not accepted. Contact support to prove it is you.");
          default -> new HttpProblem(403, "account-frozen", "Account frozen",
              "A change on this account was reported as not made by its owner; it is frozen until support reviews it.");
        };
    if (api) {
      if (recovery == null) {
        ErrorResponses.send(request, problem);
      } else {
        request.response().setStatusCode(429).putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
            .end(ErrorResponses.problemJson(problem)
                .put("pending_token", recovery.pendingToken())
                .put("methods", new JsonArray(List.of("recovery")))
                .encode());
      }
      return;
    }
    Map<String, Object> model = new HashMap<>();
    model.put("reason", reason);
    if (recovery != null) {
      request.response().putHeader(HttpHeaders.SET_COOKIE, cookies.pending(request, recovery.pendingToken(), config.policy().pendingLoginTtl()));
      model.put("recoveryHref", config.server().prefix() + "/challenge");
    }
    page(request, status, "refused", model);
  }

  /** Renders a page with the common model (lang, prefix) and the security headers. */
  public void page(HttpServerRequest request, int status, String template, Map<String, Object> model) {
    Locale locale = Locales.choose(request.getParam("lang"), request.getHeader(HttpHeaders.ACCEPT_LANGUAGE));
    Map<String, Object> m = new HashMap<>(model);
    m.putIfAbsent("lang", Locales.htmlLang(locale));
    m.putIfAbsent("prefix", config.server().prefix());
    m.putIfAbsent("csrf", "");
    String html = pages.render(template, locale, m);
    HttpServerResponse r = request.response();
    SecurityHeaders.apply(r);
    r.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8").end(html);
  }

  /**
   * Replays a held answer to an API client exactly (status, headers in order, body), adding the
   * gateway session as cookie and header.
   */
  public void releaseVerbatim(HttpServerRequest request, HeldResponse held, String sessionToken) {
    HttpServerResponse r = request.response();
    r.headers().clear(); // the gateway's page headers must not mix into the upstream's answer
    r.setStatusCode(held.status());
    if (held.statusMessage() != null && !held.statusMessage().isEmpty()) {
      r.setStatusMessage(held.statusMessage());
    }
    for (Map.Entry<String, String> h : held.headers()) {
      r.headers().add(h.getKey(), h.getValue());
    }
    r.headers().add(HttpHeaders.SET_COOKIE, cookies.session(request, sessionToken, config.policy().sessionTtl()));
    r.putHeader(GatewayCookies.SESSION_HEADER, sessionToken);
    r.end(held.body());
  }

  /**
   * Releases a held answer to a browser: 303 to the original destination (a same-site path only),
   * with every cookie the upstream set, the gateway session, and the pending cookie cleared.
   */
  public void releaseRedirect(HttpServerRequest request, HeldResponse held, String destination, String sessionToken) {
    HttpServerResponse r = request.response();
    r.setStatusCode(303).putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    String target = SafeRedirect.isSafePath(destination) ? destination : "/";
    r.putHeader(HttpHeaders.LOCATION, target);
    List<String> setCookies = held.all("Set-Cookie");
    for (String c : setCookies) {
      r.headers().add(HttpHeaders.SET_COOKIE, c);
    }
    r.headers().add(HttpHeaders.SET_COOKIE, cookies.session(request, sessionToken, config.policy().sessionTtl()));
    r.headers().add(HttpHeaders.SET_COOKIE, cookies.clearPending(request));
    r.end();
  }
}
