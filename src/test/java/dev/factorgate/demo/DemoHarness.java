package dev.factorgate.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs one {@link DemoUpstream} on a random loopback port and talks to it over real HTTP.
 *
 * <p>Uses {@link HttpClient} with redirects off: the tests assert on the 303s and Set-Cookie
 * headers themselves, which is exactly what the gateway sees.
 */
final class DemoHarness implements AutoCloseable {

  static final String ALICE_PHONE = "+8613800138000";

  private final Vertx vertx = Vertx.vertx();
  private final DemoUpstream upstream;
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(10))
      .build();
  private final String base;

  DemoHarness(Path outboxDir) throws Exception {
    upstream = new DemoUpstream(new DemoOptions("127.0.0.1", 0, outboxDir));
    await(vertx.deployVerticle(upstream));
    base = "http://127.0.0.1:" + upstream.actualPort();
  }

  DemoUpstream upstream() {
    return upstream;
  }

  HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
    return send(request(path, headers).GET().build());
  }

  HttpResponse<String> postForm(String path, Map<String, String> form, String... headers)
      throws IOException, InterruptedException {
    return postRaw(path, "application/x-www-form-urlencoded", formBody(form), headers);
  }

  HttpResponse<String> postJson(String path, String json, String... headers)
      throws IOException, InterruptedException {
    return postRaw(path, "application/json", json, headers);
  }

  HttpResponse<String> postRaw(String path, String contentType, String body, String... headers)
      throws IOException, InterruptedException {
    return send(request(path, headers).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  /** Asks for a code for the phone (as typed) and returns the code from the outbox. */
  String sendCode(String typedPhone, String e164) throws IOException, InterruptedException {
    HttpResponse<String> sent = postForm("/login/sms/send", Map.of("phone", typedPhone));
    if (sent.statusCode() != 303) {
      throw new AssertionError("send failed: " + sent.statusCode() + " " + sent.body());
    }
    return upstream.outbox().lastCode(e164).orElseThrow();
  }

  /** Signs in by form and returns the response (303 on success). */
  HttpResponse<String> smsLogin(String phone, String code, String next)
      throws IOException, InterruptedException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("phone", phone);
    form.put("code", code);
    if (next != null) {
      form.put("next", next);
    }
    return postForm("/login/sms", form);
  }

  /** Signs in by JSON password login and returns the session token. */
  String tokenFor(String username, String password) throws IOException, InterruptedException {
    HttpResponse<String> response = postJson("/login/password",
        new JsonObject().put("username", username).put("password", password).encode());
    if (response.statusCode() != 200) {
      throw new AssertionError("login failed: " + response.statusCode());
    }
    return new JsonObject(response.body()).getString("token");
  }

  /**
   * Sends a hand-written request line (for input {@link HttpClient} refuses to send) and returns
   * the response status code.
   */
  int rawStatus(String requestLine) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", upstream.actualPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write((requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      BufferedReader in = new BufferedReader(
          new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      String status = in.readLine();
      if (status == null || !status.startsWith("HTTP/1.1 ")) {
        throw new IOException("no HTTP response: " + status);
      }
      return Integer.parseInt(status.substring(9, 12));
    }
  }

  static List<String> setCookies(HttpResponse<?> response) {
    return response.headers().allValues("set-cookie");
  }

  static String formBody(Map<String, String> form) {
    return form.entrySet().stream()
        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return builder;
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    await(vertx.close());
  }
}
