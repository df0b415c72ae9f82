package dev.factorgate.demo;

import dev.factorgate.demo.DemoRequests.Fields;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * The signed-in side of the demo site: home, account page, {@code /api/me}, logout and the
 * "change my phone" API.
 *
 * <p>Who is signed in is decided only from the site's own session (cookie or bearer token).
 * An incoming {@code X-Authenticated-User} header is ignored on purpose: if the demo trusted it,
 * anyone able to reach the upstream directly could pose as any user.
 */
final class AccountRoutes {

  /** Clears the session cookie in the browser. */
  static final String CLEAR_SESSION_COOKIE = DemoSessions.COOKIE + "=; Path=/; Max-Age=0";

  private final DemoUsers users;
  private final DemoSessions sessions;
  private final PhoneNumbers phones;
  private final DemoPages pages;

  AccountRoutes(DemoUsers users, DemoSessions sessions, PhoneNumbers phones, DemoPages pages) {
    this.users = users;
    this.sessions = sessions;
    this.phones = phones;
    this.pages = pages;
  }

  /** Registers the routes on the router. */
  void mount(Router router) {
    router.get("/").handler(this::home);
    router.get("/account").handler(this::account);
    router.get("/api/me").handler(this::me);
    router.post("/logout").handler(this::logout);
    router.post("/api/phone").handler(this::changePhone);
  }

  /**
   * The user of the request's session, if it has a live one.
   *
   * @param ctx the request
   * @return the signed-in user
   */
  Optional<DemoUser> currentUser(RoutingContext ctx) {
    return DemoRequests.sessionToken(ctx).flatMap(sessions::userId).flatMap(users::byId);
  }

  private void home(RoutingContext ctx) {
    DemoUser user = currentUser(ctx).orElse(null);
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    DemoRequests.html(ctx, 200, pages.home(user));
  }

  private void account(RoutingContext ctx) {
    Optional<DemoUser> user = currentUser(ctx);
    if (user.isEmpty()) {
      DemoRequests.seeOther(ctx, "/login?next=/account");
      return;
    }
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    DemoRequests.html(ctx, 200, pages.account(user.get()));
  }

  private void me(RoutingContext ctx) {
    Optional<DemoUser> user = currentUser(ctx);
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    if (user.isEmpty()) {
      DemoRequests.jsonError(ctx, 401, "not_signed_in");
    } else {
      DemoRequests.json(ctx, 200, user.get().toJson());
    }
  }

  private void logout(RoutingContext ctx) {
    DemoRequests.sessionToken(ctx).ifPresent(sessions::remove);
    ctx.response().headers().add(HttpHeaders.SET_COOKIE, CLEAR_SESSION_COOKIE);
    DemoRequests.seeOther(ctx, "/login");
  }

  /**
   * Lets a signed-in user move to another number. The gateway's tests use this to play "the
   * upstream changed the phone behind our back".
   */
  private void changePhone(RoutingContext ctx) {
    Optional<DemoUser> user = currentUser(ctx);
    if (user.isEmpty()) {
      DemoRequests.jsonError(ctx, 401, "not_signed_in");
      return;
    }
    Fields fields = DemoRequests.fields(ctx);
    Optional<String> phone = phones.toE164(fields.get("phone"));
    if (phone.isEmpty()) {
      DemoRequests.jsonError(ctx, 400, "invalid_phone");
      return;
    }
    Optional<DemoUser> updated = users.changePhone(user.get().id(), phone.get());
    if (updated.isEmpty()) {
      DemoRequests.jsonError(ctx, 409, "phone_taken");
      return;
    }
    DemoRequests.json(ctx, 200,
        new JsonObject().put("id", updated.get().id()).put("phone", updated.get().phone()));
  }
}
