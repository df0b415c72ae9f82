package dev.factorgate.support;

import dev.factorgate.Gateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Calls to a gateway's admin listener with a bearer token, as an admin's script would make them. */
public final class AdminApi {

  /** The token tests configure; its SHA-256 is in {@link #yaml()}. */
  public static final String TOKEN = "test-admin-token-0123456789abcdefghijklmnopqrstuv";

  private final Gateway gateway;
  private final String token;

  public AdminApi(Gateway gateway) {
    this(gateway, TOKEN);
  }

  public AdminApi(Gateway gateway, String token) {
    this.gateway = gateway;
    this.token = token;
  }

  /** The {@code admin:} section naming {@link #TOKEN} as "ops". */
  public static String yaml() {
    return "admin:\n  tokens:\n    - { name: ops, sha256: " + dev.factorgate.admin.AdminTokens.sha256Hex(TOKEN) + " }\n";
  }

  public String base() {
    return "http://127.0.0.1:" + gateway.adminPort();
  }

  public HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = Http.request(base() + path);
    return token == null ? b : b.header("Authorization", "Bearer " + token);
  }

  public HttpResponse<String> get(String path) {
    return Http.send(request(path).GET().build());
  }

  public JsonObject getJson(String path) {
    HttpResponse<String> r = get(path);
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + path + " gave " + r.statusCode() + ": " + r.body());
    }
    return new JsonObject(r.body());
  }

  public HttpResponse<String> post(String path, JsonObject body) {
    return post(path, "application/json", body == null ? "" : body.encode());
  }

  public HttpResponse<String> post(String path, String contentType, String body) {
    HttpRequest.Builder b = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return Http.send(b.build());
  }
}
