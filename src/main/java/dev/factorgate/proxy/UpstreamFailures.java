package dev.factorgate.proxy;

import dev.factorgate.web.ErrorResponses;
import dev.factorgate.web.Html;
import dev.factorgate.web.HttpProblem;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers for an upstream that cannot be reached (502) or does not answer in time (504): a short
 * page or problem+json, never a stack trace and never an empty 502 from the proxy library.
 */
final class UpstreamFailures implements ProxyInterceptor {

  private static final Logger LOG = LoggerFactory.getLogger(UpstreamFailures.class);

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    return context.sendRequest().recover(failure -> Future.succeededFuture(answer(context, failure)));
  }

  private static ProxyResponse answer(ProxyContext context, Throwable failure) {
    HttpServerRequest original = context.request().proxiedRequest();
    HttpProblem problem = problem(original, failure);
    boolean json = ErrorResponses.wantsJson(original);
    Buffer body =
        Buffer.buffer(json ? ErrorResponses.problemJson(problem).encode() : Html.errorPage(problem));
    String type = json ? "application/problem+json" : "text/html; charset=utf-8";
    ProxyResponse response = context.request().release().response();
    response.headers().clear();
    return response
        .setStatusCode(problem.status())
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .setBody(Body.body(body, io.vertx.httpproxy.MediaType.parse(type)));
  }

  /** The passthrough's answer when the upstream failed before its response began. */
  static void answer(HttpServerRequest request, Throwable failure) {
    HttpProblem problem = problem(request, failure);
    ErrorResponses.send(request, problem);
  }

  /** 504 for a timeout, else 502; logged, except when it was the client that went away. */
  private static HttpProblem problem(HttpServerRequest request, Throwable failure) {
    boolean timeout = isTimeout(failure);
    if (clientGone(request)) {
      LOG.debug("client gone during {} {}", request.method(), dev.factorgate.web.ErrorResponses.loggable(request.path()));
    } else {
      LOG.warn(
          "upstream {} for {} {}: {}",
          timeout ? "timeout" : "failure",
          request.method(),
          dev.factorgate.web.ErrorResponses.loggable(request.path()),
          failure.getClass().getSimpleName());
    }
    return timeout
        ? new HttpProblem(504, "upstream-timeout", "Gateway timeout", "The site did not answer in time. Please try again.")
        : new HttpProblem(502, "upstream-unavailable", "Bad gateway", "The site cannot be reached right now. Please try again.");
  }

  /** True when the client closed its connection (then the upstream request was reset by us). */
  static boolean clientGone(HttpServerRequest request) {
    return request.response().closed();
  }

  static boolean isTimeout(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof TimeoutException || c.getClass().getSimpleName().contains("Timeout")) {
        return true;
      }
      if (c instanceof ConnectException) {
        return false;
      }
    }
    return false;
  }
}
