package dev.factorgate.demo;

import dev.factorgate.demo.DemoPages.LoginView;
import dev.factorgate.demo.DemoRequests.Fields;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The login endpoints of the demo site: the login page, "send code", SMS login and password
 * login.
 *
 * <p>The success response is the contract the gateway recognises a login by: status 303 (form)
 * or 200 (JSON), the {@code demo_session} and {@code demo_seen} cookies, and the
 * {@code X-Authenticated-User} header. Failures carry none of these.
 */
final class LoginRoutes {

  /** Response header naming the user who just signed in; the gateway keys its factors on it. */
  static final String AUTHENTICATED_USER = "X-Authenticated-User";

  /** A second, harmless cookie, so the gateway has to replay more than one Set-Cookie. */
  static final String SEEN_COOKIE = "demo_seen=1; Path=/; Max-Age=31536000";

  private final Vertx vertx;
  private final DemoUsers users;
  private final DemoSessions sessions;
  private final SmsCodes codes;
  private final SmsOutbox outbox;
  private final PhoneNumbers phones;
  private final DemoPages pages;

  LoginRoutes(Vertx vertx, DemoUsers users, DemoSessions sessions, SmsCodes codes,
      SmsOutbox outbox, PhoneNumbers phones, DemoPages pages) {
    this.vertx = vertx;
    this.users = users;
    this.sessions = sessions;
    this.codes = codes;
    this.outbox = outbox;
    this.phones = phones;
    this.pages = pages;
  }

  /** Registers the routes on the router. */
  void mount(Router router) {
    router.get("/login").handler(this::loginPage);
    router.post("/login/sms/send").handler(this::sendCode);
    router.post("/login/sms").handler(this::smsLogin);
    router.post("/login/password").handler(this::passwordLogin);
  }

  private void loginPage(RoutingContext ctx) {
    String next = DemoRequests.safeNext(DemoRequests.query(ctx, "next"));
    String phone = DemoRequests.query(ctx, "phone");
    boolean sent = "1".equals(DemoRequests.query(ctx, "sent"));
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    DemoRequests.html(ctx, 200, pages.login(new LoginView(phone, sent, next, null, null)));
  }

  private void sendCode(RoutingContext ctx) {
    Fields fields = DemoRequests.fields(ctx);
    boolean json = DemoRequests.wantsJson(ctx);
    String next = next(ctx, fields);
    Optional<String> phone = phones.toE164(fields.get("phone"));
    if (phone.isEmpty()) {
      invalidPhone(ctx, json, fields.get("phone"), next);
      return;
    }
    String e164 = phone.get();
    String code = codes.issue(e164);
    outbox.deliver(vertx, e164, code).onSuccess(v -> {
      if (json) {
        DemoRequests.json(ctx, 202, new JsonObject().put("sent", true));
      } else {
        DemoRequests.seeOther(ctx, "/login?phone=" + urlEncode(e164) + "&sent=1&next="
            + urlEncode(next));
      }
    }).onFailure(ctx::fail);
  }

  private void smsLogin(RoutingContext ctx) {
    Fields fields = DemoRequests.fields(ctx);
    boolean json = DemoRequests.wantsJson(ctx);
    String next = next(ctx, fields);
    Optional<String> phone = phones.toE164(fields.get("phone"));
    if (phone.isEmpty()) {
      invalidPhone(ctx, json, fields.get("phone"), next);
      return;
    }
    if (!codes.verify(phone.get(), fields.get("code"))) {
      if (json) {
        DemoRequests.jsonError(ctx, 401, "invalid_code");
      } else {
        DemoRequests.html(ctx, 401, pages.login(
            new LoginView(phone.get(), true, next, null, "Wrong or expired code")));
      }
      return;
    }
    signIn(ctx, users.loginOrRegisterByPhone(phone.get()), next, json);
  }

  private void passwordLogin(RoutingContext ctx) {
    Fields fields = DemoRequests.fields(ctx);
    boolean json = DemoRequests.wantsJson(ctx);
    String next = next(ctx, fields);
    String username = fields.get("username");
    Optional<DemoUser> user = users.checkPassword(username, fields.get("password"));
    if (user.isEmpty()) {
      if (json) {
        DemoRequests.jsonError(ctx, 401, "invalid_credentials");
      } else {
        DemoRequests.html(ctx, 401, pages.login(
            new LoginView(null, false, next, username, "Wrong username or password")));
      }
      return;
    }
    signIn(ctx, user.get(), next, json);
  }

  /**
   * The one place a session starts, so SMS and password logins look exactly alike to the
   * gateway.
   */
  private void signIn(RoutingContext ctx, DemoUser user, String next, boolean json) {
    String token = sessions.create(user.id());
    HttpServerResponse response = ctx.response();
    response.headers()
        .add(HttpHeaders.SET_COOKIE,
            DemoSessions.COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Lax")
        .add(HttpHeaders.SET_COOKIE, SEEN_COOKIE);
    response.putHeader(AUTHENTICATED_USER, user.id())
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    if (json) {
      DemoRequests.json(ctx, 200, new JsonObject().put("user", user.toJson()).put("token", token));
    } else {
      DemoRequests.seeOther(ctx, next);
    }
  }

  private void invalidPhone(RoutingContext ctx, boolean json, String typed, String next) {
    if (json) {
      DemoRequests.jsonError(ctx, 400, "invalid_phone");
    } else {
      DemoRequests.html(ctx, 400, pages.login(
          new LoginView(typed, false, next, null, "That is not a valid phone number")));
    }
  }

  /** {@code next} from the form, else from the query string (a form action may carry it). */
  private static String next(RoutingContext ctx, Fields fields) {
    String raw = fields.get("next");
    return DemoRequests.safeNext(raw != null ? raw : DemoRequests.query(ctx, "next"));
  }

  private static String urlEncode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
