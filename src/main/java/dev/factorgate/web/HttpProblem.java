package dev.factorgate.web;

import java.util.Map;

/**
 * The one exception type that carries an HTTP answer: status, problem type (RFC 9457), title and a
 * detail safe to show. Thrown or failed into futures by services; turned into problem+json or a page
 * by {@link ErrorResponses}.
 */
public final class HttpProblem extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String type;
  private final String title;
  private final transient Map<String, String> headers;

  public HttpProblem(int status, String type, String title, String detail) {
    this(status, type, title, detail, Map.of());
  }

  public HttpProblem(int status, String type, String title, String detail, Map<String, String> headers) {
    super(detail, null, false, false);
    this.status = status;
    this.type = type;
    this.title = title;
    this.headers = Map.copyOf(headers);
  }

  public static HttpProblem badRequest(String detail) {
    return new HttpProblem(400, "bad-request", "Bad request", detail);
  }

  public static HttpProblem notFound(String detail) {
    return new HttpProblem(404, "not-found", "Not found", detail);
  }

  public static HttpProblem unauthorized(String detail) {
    return new HttpProblem(401, "unauthorized", "Unauthorized", detail);
  }

  public static HttpProblem forbidden(String type, String detail) {
    return new HttpProblem(403, type, "Forbidden", detail);
  }

  public static HttpProblem conflict(String type, String detail) {
    return new HttpProblem(409, type, "Conflict", detail);
  }

  public static HttpProblem unavailable(String detail) {
    return new HttpProblem(503, "service-unavailable", "Service unavailable", detail, Map.of("Retry-After", "5"));
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }

  public Map<String, String> headers() {
    return headers;
  }
}
