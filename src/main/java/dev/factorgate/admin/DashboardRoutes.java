package dev.factorgate.admin;

import dev.factorgate.Services;
import dev.factorgate.web.ErrorResponses;
import dev.factorgate.web.Locales;
import dev.factorgate.web.Pages;
import dev.factorgate.web.SecurityHeaders;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The dashboard at {@code /} and its sign-in form. A browser cannot send a bearer header by itself,
 * so {@code /login} takes the token once in a form and keeps it in the {@code fg_admin} cookie
 * (HttpOnly: no script can read it; SameSite=Strict: no other site can make the browser send it;
 * Path=/; eight hours). Tokens never appear in URLs, where history and logs would keep them.
 */
final class DashboardRoutes {

  private static final int COOKIE_SECONDS = 8 * 3600;

  private final Services services;
  private final AdminAuth auth;
  private final Dashboard dashboard;
  private final Pages pages = new Pages();

  DashboardRoutes(Services services, AdminAuth auth, Dashboard dashboard) {
    this.services = services;
    this.auth = auth;
    this.dashboard = dashboard;
  }

  void mount(Router router) {
    router.get("/").handler(this::page);
    router.get("/login").handler(ctx -> login(ctx, 200, false));
    router.post("/login").handler(BodyHandler.create(false).setBodyLimit(8 * 1024)).handler(this::signIn);
    router.post("/logout").handler(this::signOut);
  }

  private void page(RoutingContext ctx) {
    String actor = auth.page(ctx);
    if (actor == null) {
      HttpServerRequest req = ctx.request();
      if (ErrorResponses.wantsJson(req)) {
        ctx.fail(AdminAuth.unauthorized(AdminAuth.bearer(req) != null));
      } else {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"factorgate admin\"");
        login(ctx, 401, false);
      }
      return;
    }
    dashboard.model()
        .onComplete(ar -> {
          // A callback that throws would leave the request unanswered; a failure here must still be answered.
          try {
            if (ar.failed()) {
              ctx.fail(ar.cause());
              return;
            }
            ar.result().put("actor", actor);
            render(ctx, 200, "admin_dashboard", ar.result());
          } catch (RuntimeException e) {
            ctx.fail(e);
          }
        });
  }

  private void login(RoutingContext ctx, int status, boolean failed) {
    Map<String, Object> model = new HashMap<>();
    model.put("failed", failed);
    render(ctx, status, "admin_login", model);
  }

  private void signIn(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    String token = req.getFormAttribute("token");
    String name = auth.login(token);
    String ip = services.clients().ip(req);
    if (name == null) {
      dashboard.signIn("admin:?", false, ip)
          .onComplete(ar -> {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"factorgate admin\"");
            login(ctx, 401, true);
          });
      return;
    }
    String cookie = AdminAuth.COOKIE + "=" + AdminAuth.cookieValue(token.strip()) + "; Path=/; Max-Age=" + COOKIE_SECONDS
        + "; HttpOnly; SameSite=Strict" + (services.clients().secure(req) ? "; Secure" : "");
    dashboard.signIn("admin:" + name, true, ip)
        .onComplete(ar -> ctx.response()
            .setStatusCode(303)
            .putHeader(HttpHeaders.SET_COOKIE, cookie)
            .putHeader(HttpHeaders.LOCATION, "/" + langQuery(req))
            .end());
  }

  private void signOut(RoutingContext ctx) {
    ctx.response()
        .setStatusCode(303)
        .putHeader(HttpHeaders.SET_COOKIE, AdminAuth.COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict")
        .putHeader(HttpHeaders.LOCATION, "/login" + langQuery(ctx.request()))
        .end();
  }

  private static String langQuery(HttpServerRequest req) {
    String lang = Locales.htmlLang(locale(req));
    return "?lang=" + lang;
  }

  private static Locale locale(HttpServerRequest req) {
    return Locales.choose(req.getParam("lang"), req.getHeader(HttpHeaders.ACCEPT_LANGUAGE));
  }

  private void render(RoutingContext ctx, int status, String template, Map<String, Object> model) {
    Locale locale = locale(ctx.request());
    model.putIfAbsent("prefix", "");
    model.put("langParam", Locales.htmlLang(locale));
    String html = pages.render(template, locale, model);
    SecurityHeaders.apply(ctx.response());
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8").end(html);
  }
}
