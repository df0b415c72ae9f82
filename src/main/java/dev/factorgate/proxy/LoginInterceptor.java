package dev.factorgate.proxy;

import dev.factorgate.Services;
import dev.factorgate.config.GatewayConfig;
import dev.factorgate.config.GatewayConfig.LoginRoute;
import dev.factorgate.web.ErrorResponses;
import dev.factorgate.web.HttpProblem;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.MediaType;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inspects the upstream's answer on a login route. A failed login passes through untouched; a
 * successful one is read (bounded), attributed to a user, and decided by {@link LoginGate}. Any
 * failure on the way — database down, no identity, an answer too large to hold — fails closed: the
 * upstream's session never reaches the client without a decision.
 */
public final class LoginInterceptor implements ProxyInterceptor {

  private static final Logger LOG = LoggerFactory.getLogger(LoginInterceptor.class);
  private static final String ROUTE = "factorgate.route";

  private final Services services;
  private final LoginRoutes routes;
  private final LoginGate gate;
  private final LoginAnswers answers;
  private final IdentityReader identity;
  private final Set<Integer> successStatus;
  private final String successCookie;
  private final String identityHeader;
  private final dev.factorgate.web.ErrorPages errorPages;

  public LoginInterceptor(Services services, LoginGate gate, LoginAnswers answers, dev.factorgate.web.ErrorPages errorPages) {
    this.errorPages = errorPages;
    GatewayConfig c = services.config();
    this.services = services;
    this.routes = new LoginRoutes(c.upstream().loginRoutes());
    this.gate = gate;
    this.answers = answers;
    this.identity =
        new IdentityReader(
            c.upstream().identity(),
            new dev.factorgate.account.PhoneNumbers(c.upstream().identity().defaultRegion(), c.policy().virtualNumberPrefixes()),
            UpstreamClient.address(c.upstream().url()),
            c.upstream().timeout().toMillis(),
            c.upstream().maxInspectedBody());
    this.successStatus = new HashSet<>(c.upstream().success().status());
    this.successCookie = c.upstream().success().setCookie();
    this.identityHeader = c.upstream().identity().header();
  }

  public LoginRoutes routes() {
    return routes;
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    HttpServerRequest request = context.request().proxiedRequest();
    LoginRoute route = routes.match(request);
    if (route != null) {
      context.set(ROUTE, route);
      String len = request.getHeader(HttpHeaders.CONTENT_LENGTH);
      if (len != null && len.length() > 12 || len != null && parse(len) > services.config().server().maxBody()) {
        return Future.succeededFuture(problemResponse(context, new HttpProblem(413, "payload-too-large", "Payload too large", "The login request is too large.")));
      }
    }
    return context.sendRequest();
  }

  @Override
  public Future<Void> handleProxyResponse(ProxyContext context) {
    LoginRoute route = context.get(ROUTE, LoginRoute.class);
    ProxyResponse response = context.response();
    if (route == null || !isSuccess(response)) {
      if (identityHeader != null) {
        response.headers().remove(identityHeader);
      }
      return context.sendResponse();
    }
    HttpServerRequest request = context.request().proxiedRequest();
    boolean api = route.api() || wantsJson(request);
    String ip = services.clients().ip(request);
    Body body = response.getBody();
    return BoundedBody.read(body.stream(), body.length(), services.config().upstream().maxInspectedBody())
        .compose(
            buffer -> {
              MultiMap headers = response.headers();
              return identity
                  .read(headers, buffer, context.client())
                  .compose(
                      who -> {
                        if (who == null) {
                          LOG.error("login route {} answered with success but no user id could be read: check upstream.identity", route.name());
                          return Future.failedFuture(new HttpProblem(502, "upstream-identity-missing", "Bad gateway",
                              "The site's sign-in answer could not be understood. Please try again later."));
                        }
                        if (identityHeader != null) {
                          headers.remove(identityHeader);
                        }
                        HeldResponse held = HeldResponse.of(response.getStatusCode(), response.getStatusMessage(), headers, buffer);
                        String destination = destination(held, request);
                        return gate.decide(route, who, held, api, ip, destination)
                            .compose(result -> answer(context, request, result, buffer, api));
                      });
            })
        .recover(failure -> failClosed(context, request, route, failure));
  }

  private Future<Void> answer(ProxyContext context, HttpServerRequest request, LoginGate.Result result, Buffer body, boolean api) {
    if (result instanceof LoginGate.Released released) {
      ProxyResponse response = context.response();
      String type = response.headers().get(HttpHeaders.CONTENT_TYPE);
      response.setBody(Body.body(body, type == null ? null : MediaType.parse(type)));
      response.headers().add(HttpHeaders.SET_COOKIE.toString(), answers.cookies().session(request, released.sessionToken(), services.config().policy().sessionTtl()));
      if (api) {
        response.putHeader(dev.factorgate.session.GatewayCookies.SESSION_HEADER, released.sessionToken());
      }
      return context.sendResponse();
    }
    if (result instanceof LoginGate.Held held) {
      answers.hold(request, held);
    } else if (result instanceof LoginGate.Refused refused) {
      answers.refuse(request, refused.outcome(), api, refused.recovery());
    }
    return Future.succeededFuture();
  }

  private Future<Void> failClosed(ProxyContext context, HttpServerRequest request, LoginRoute route, Throwable failure) {
    HttpProblem problem;
    if (failure instanceof HttpProblem p) {
      problem = p;
    } else if (failure instanceof BoundedBody.TooLarge) {
      LOG.error("login route {}: the upstream's answer exceeds upstream.max_inspected_body; refusing to release it", route.name());
      problem = new HttpProblem(502, "upstream-answer-too-large", "Bad gateway", "The site's sign-in answer could not be processed.");
    } else {
      LOG.warn("login route {}: no decision possible ({}); failing closed", route.name(), failure.getClass().getSimpleName() + ": " + failure.getMessage());
      problem = HttpProblem.unavailable("Sign-in is temporarily unavailable. Please try again in a moment.");
    }
    errorPages.send(request, problem);
    return Future.succeededFuture();
  }

  private boolean isSuccess(ProxyResponse response) {
    if (!successStatus.contains(response.getStatusCode())) {
      return false;
    }
    return successCookie == null || IdentityReader.setsCookie(response.headers().getAll(HttpHeaders.SET_COOKIE), successCookie);
  }

  /** Where a browser should land after release: the upstream's redirect, if it stays on the site. */
  private static String destination(HeldResponse held, HttpServerRequest request) {
    if (held.status() >= 300 && held.status() < 400) {
      String p = SafeRedirect.path(held.first("Location"), request.getHeader(HttpHeaders.HOST));
      if (p != null) {
        return p;
      }
    }
    return "/";
  }

  /** API clients: JSON bodies, or Accept preferring JSON over HTML. */
  static boolean wantsJson(HttpServerRequest request) {
    String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
    if (type != null && type.toLowerCase(Locale.ROOT).contains("json")) {
      return true;
    }
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    if (accept == null) {
      return false;
    }
    int json = accept.indexOf("json");
    int html = accept.indexOf("text/html");
    return json >= 0 && (html < 0 || json < html);
  }

  private static ProxyResponse problemResponse(ProxyContext context, HttpProblem p) {
    boolean json = ErrorResponses.wantsJson(context.request().proxiedRequest()) || wantsJson(context.request().proxiedRequest());
    Buffer b = Buffer.buffer(json ? ErrorResponses.problemJson(p).encode() : dev.factorgate.web.Html.errorPage(p));
    ProxyResponse r = context.request().release().response();
    r.headers().clear();
    return r.setStatusCode(p.status()).setBody(Body.body(b, MediaType.parse(json ? "application/problem+json" : "text/html; charset=utf-8")));
  }

  private static long parse(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
