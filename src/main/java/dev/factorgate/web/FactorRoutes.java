package dev.factorgate.web;

import dev.factorgate.Services;
import dev.factorgate.factor.FactorService;
import dev.factorgate.factor.FactorStore.Factor;
import dev.factorgate.proxy.LoginAnswers;
import dev.factorgate.session.Principal;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Settings and enrolment, as pages and as JSON: the factor list, adding and confirming an
 * authenticator, removing factors, recovery codes and the SMS-only switch.
 */
public final class FactorRoutes {

  private final Services services;
  private final FactorService service;
  private final Principals principals;
  private final LoginAnswers answers;

  public FactorRoutes(Services services, FactorService service, Principals principals, LoginAnswers answers) {
    this.services = services;
    this.service = service;
    this.principals = principals;
    this.answers = answers;
  }

  public void mount(Router router) {
    router.get("/api/factors").handler(this::listApi);
    router.post("/api/factors/totp").handler(this::beginTotpApi);
    router.post("/api/factors/email").handler(this::beginEmailApi);
    router.post("/email").handler(this::beginEmailForm);
    router.post("/email/:id/confirm").handler(this::confirmForm);
    router.post("/api/factors/:id/confirm").handler(this::confirmApi);
    router.delete("/api/factors/:id").handler(this::removeApi);
    router.post("/api/recovery-codes").handler(this::recoveryApi);
    router.post("/api/sms-only").handler(this::smsOnlyApi);
    router.get("/settings").handler(this::settingsPage);
    router.post("/totp").handler(this::beginTotpForm);
    router.post("/totp/:id/confirm").handler(this::confirmForm);
    router.post("/factors/:id/remove").handler(this::removeForm);
    router.post("/recovery-codes").handler(this::recoveryForm);
    router.post("/recovery-codes/saved").handler(this::recoverySaved);
    router.post("/sms-only").handler(this::smsOnlyForm);
  }

  private String ip(RoutingContext ctx) {
    return services.clients().ip(ctx.request());
  }

  private String prefix() {
    return services.config().server().prefix();
  }

  // ---- JSON ----

  private void listApi(RoutingContext ctx) {
    principals.sessionOrEnrolment(ctx)
        .compose(p -> service.overview(p.accountId()))
        .onSuccess(o -> json(ctx, 200, new JsonObject()
            .put("login_policy", o.loginPolicy())
            .put("factors", factorsJson(o.factors()))
            .put("recovery_codes_left", o.recoveryCodesLeft())))
        .onFailure(ctx::fail);
  }

  private void beginTotpApi(RoutingContext ctx) {
    principals.sessionOrEnrolment(ctx)
        .compose(p -> service.beginTotp(p, ip(ctx)))
        .onSuccess(e -> json(ctx, 201, new JsonObject()
            .put("id", e.id().toString())
            .put("secret", e.secretBase32())
            .put("otpauth_uri", e.otpauthUri())
            .put("qr_png_base64", Base64.getEncoder().encodeToString(e.qrPng()))))
        .onFailure(ctx::fail);
  }

  private void beginEmailApi(RoutingContext ctx) {
    String address = Requests.string(Requests.json(ctx), "address", 254);
    principals.sessionOrEnrolment(ctx)
        .compose(p -> service.beginEmail(p, address, ip(ctx)))
        .onSuccess(id -> json(ctx, 201, new JsonObject().put("id", id.toString())))
        .onFailure(ctx::fail);
  }

  private void beginEmailForm(RoutingContext ctx) {
    String address = Requests.form(ctx, "address", 254);
    formPrincipal(ctx, true)
        .onSuccess(p -> service.beginEmail(p, address, ip(ctx))
            .onSuccess(id -> renderEmailConfirm(ctx, p, 200, id, null, false))
            .onFailure(err -> {
              if (err instanceof HttpProblem hp && "enrolment-refused".equals(hp.type())) {
                answers.page(ctx.request(), 403, "refused", Map.of("reason", "enrolment_refused"));
              } else {
                settingsError(ctx, p, err);
              }
            }))
        .onFailure(ctx::fail);
  }

  private void renderEmailConfirm(RoutingContext ctx, Principal p, int status, UUID id, String error, boolean onFile) {
    Map<String, Object> model = new HashMap<>();
    model.put("onFile", onFile);
    model.put("factorId", id.toString());
    model.put("csrf", services.csrf().token(p.csrfBinding()));
    if (error != null) {
      model.put("error", error);
    }
    answers.page(ctx.request(), status, "email_confirm", model);
  }

  private void confirmApi(RoutingContext ctx) {
    UUID id = Requests.uuid(ctx, "id");
    String code = Requests.required(Requests.json(ctx), "code", 64);
    principals.sessionOrEnrolment(ctx)
        .compose(p -> service.confirm(p, id, code, ip(ctx)))
        .onSuccess(c -> {
          JsonObject out = new JsonObject().put("status", "active").put("login_policy", c.loginPolicy());
          if (c.recoveryCodes() != null) {
            out.put("recovery_codes", new JsonArray(c.recoveryCodes()));
          }
          json(ctx, 200, out);
        })
        .onFailure(ctx::fail);
  }

  private void removeApi(RoutingContext ctx) {
    UUID id = Requests.uuid(ctx, "id");
    principals.session(ctx)
        .compose(p -> service.remove(p, id, ip(ctx)))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void recoveryApi(RoutingContext ctx) {
    principals.session(ctx)
        .compose(p -> service.regenerateRecoveryCodes(p, ip(ctx)))
        .onSuccess(codes -> json(ctx, 200, new JsonObject().put("recovery_codes", new JsonArray(codes))))
        .onFailure(ctx::fail);
  }

  private void smsOnlyApi(RoutingContext ctx) {
    Object allowed = Requests.json(ctx).getValue("allowed");
    if (!(allowed instanceof Boolean b)) {
      ctx.fail(HttpProblem.badRequest("\"allowed\" must be true or false."));
      return;
    }
    principals.session(ctx)
        .compose(p -> service.setSmsOnly(p, b, ip(ctx)))
        .onSuccess(policy -> json(ctx, 200, new JsonObject().put("login_policy", policy)))
        .onFailure(ctx::fail);
  }

  private static JsonArray factorsJson(List<Factor> factors) {
    JsonArray arr = new JsonArray();
    for (Factor f : factors) {
      arr.add(new JsonObject()
          .put("id", f.id().toString())
          .put("kind", f.kind())
          .put("status", f.status())
          .put("created_at", iso(f.createdAt()))
          .put("last_used_at", iso(f.lastUsedAt())));
    }
    return arr;
  }

  private static String iso(Instant t) {
    return t == null ? null : t.toString();
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encode());
  }

  // ---- pages ----

  private void settingsPage(RoutingContext ctx) {
    principals.session(ctx).onSuccess(p -> renderSettings(ctx, p, 200, notice(ctx.request().getParam("notice")), null)).onFailure(ctx::fail);
  }

  private void renderSettings(RoutingContext ctx, Principal p, int status, String notice, String error) {
    service.overview(p.accountId()).onSuccess(o -> {
      List<Map<String, Object>> list = new ArrayList<>();
      for (Factor f : o.factors()) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", f.id().toString());
        m.put("kind", f.kind());
        // The label every authenticator gets by default is English; the page names the kind in
        // the reader's language instead.
        String label = f.label() == null ? f.address() : f.label();
        m.put("label", FactorService.DEFAULT_TOTP_LABEL.equals(label) ? null : label);
        m.put("status", f.status());
        m.put("createdAt", f.createdAt().toString().substring(0, 10));
        m.put("lastUsedAt", f.lastUsedAt() == null ? null : f.lastUsedAt().toString().substring(0, 10));
        list.add(m);
      }
      Map<String, Object> model = new HashMap<>();
      model.put("policy", o.loginPolicy());
      model.put("factors", list);
      model.put("recoveryCodesLeft", o.recoveryCodesLeft());
      model.put("stepUpFresh", p.steppedUpWithin(services.config().policy().stepUpMaxAge(), services.clock().instant()));
      model.put("canAllowSmsOnly", !o.requireCampaign());
      model.put("csrf", services.csrf().token(p.csrfBinding()));
      if (notice != null) {
        model.put("notice", notice);
      }
      if (error != null) {
        model.put("error", error);
      }
      answers.page(ctx.request(), status, "settings", model);
    }).onFailure(ctx::fail);
  }

  private static String notice(String raw) {
    return raw != null && List.of("totp_added", "factor_removed", "recovery_codes_saved", "sms_only_off", "sms_only_on").contains(raw)
        ? "notice." + raw : null;
  }

  private Future<Principal> formPrincipal(RoutingContext ctx, boolean enrolment) {
    Future<Principal> p = enrolment ? principals.sessionOrEnrolment(ctx) : principals.session(ctx);
    return p.map(x -> principals.checkCsrf(ctx, x));
  }

  private void beginTotpForm(RoutingContext ctx) {
    formPrincipal(ctx, true)
        .onSuccess(p -> service.beginTotp(p, ip(ctx))
            .onSuccess(e -> renderTotp(ctx, p, 200, e, null))
            .onFailure(err -> {
              if (err instanceof HttpProblem hp && "enrolment-refused".equals(hp.type())) {
                answers.page(ctx.request(), 403, "refused", Map.of("reason", "enrolment_refused"));
              } else if (err instanceof HttpProblem hp && "email-on-file-confirmation-required".equals(hp.type())) {
                // the first factor after an SMS login begins with the email on file: start that for the person
                service.beginEmail(p, null, ip(ctx))
                    .onSuccess(id -> renderEmailConfirm(ctx, p, 200, id, null, true))
                    .onFailure(e2 -> settingsError(ctx, p, e2));
              } else {
                settingsError(ctx, p, err);
              }
            }))
        .onFailure(ctx::fail);
  }

  private void renderTotp(RoutingContext ctx, Principal p, int status, FactorService.TotpEnrolment e, String error) {
    Map<String, Object> model = new HashMap<>();
    model.put("factorId", e.id().toString());
    model.put("qrDataUri", "data:image/png;base64," + Base64.getEncoder().encodeToString(e.qrPng()));
    model.put("secretGrouped", dev.factorgate.factor.totp.TotpSecret.grouped(e.secretBase32()));
    // A phone cannot scan its own screen: the same URI as a link opens the app that handles it.
    model.put("otpauthUri", e.otpauthUri());
    model.put("csrf", services.csrf().token(p.csrfBinding()));
    if (error != null) {
      model.put("error", error);
    }
    answers.page(ctx.request(), status, "totp_enrol", model);
  }

  private void confirmForm(RoutingContext ctx) {
    UUID id = Requests.uuid(ctx, "id");
    String code = Requests.form(ctx, "code", 64);
    formPrincipal(ctx, true)
        .onSuccess(p -> service.confirm(p, id, code == null ? "" : code, ip(ctx))
            .onSuccess(c -> {
              if (c.recoveryCodes() != null) {
                renderRecoveryCodes(ctx, p, c.recoveryCodes(), service.asksAboutSmsOnly(c));
              } else if (p.isSession()) {
                ctx.redirect(prefix() + "/settings?notice=totp_added");
              } else {
                ctx.redirect(prefix() + "/enrol?confirmed=1");
              }
            })
            .onFailure(err -> {
              if (err instanceof HttpProblem hp && "code-invalid".equals(hp.type())) {
                service.reopenTotp(p, id).onSuccess(e -> renderTotp(ctx, p, 400, e, "error.code_invalid"))
                    .onFailure(x -> renderEmailConfirm(ctx, p, 400, id, "error.code_invalid", false));
              } else {
                ctx.fail(err);
              }
            }))
        .onFailure(ctx::fail);
  }

  /**
   * The recovery codes, shown once. After the first factor, with {@code policy.disable_sms_only_on_enrol}
   * false, this last step of the enrolment also asks whether to turn SMS-only sign-in off
   * ({@code askSmsOnly}; ticked, as recommended).
   */
  private void renderRecoveryCodes(RoutingContext ctx, Principal p, List<String> codes, boolean askSmsOnly) {
    Map<String, Object> model = new HashMap<>();
    model.put("askSmsOnly", askSmsOnly);
    model.put("codes", codes);
    model.put("downloadHref", Pages.textDownloadHref(String.join("\n", codes) + "\n"));
    model.put("continueAction", p.isSession() ? prefix() + "/recovery-codes/saved" : prefix() + "/release");
    model.put("csrf", services.csrf().token(p.csrfBinding()));
    answers.page(ctx.request(), 200, "recovery_codes", model);
  }

  private void recoverySaved(RoutingContext ctx) {
    boolean smsOnlyOff = "yes".equals(Requests.form(ctx, "sms_only_off", 8));
    formPrincipal(ctx, false)
        .onSuccess(p -> {
          if (!smsOnlyOff) {
            ctx.redirect(prefix() + "/settings?notice=recovery_codes_saved");
            return;
          }
          // confirming the factor stepped the session up, so this needs no further code
          service.setSmsOnly(p, false, ip(ctx))
              .onSuccess(policy -> ctx.redirect(prefix() + "/settings?notice=sms_only_off"))
              .onFailure(err -> settingsError(ctx, p, err));
        })
        .onFailure(ctx::fail);
  }

  private void removeForm(RoutingContext ctx) {
    UUID id = Requests.uuid(ctx, "id");
    formPrincipal(ctx, false)
        .onSuccess(p -> service.remove(p, id, ip(ctx))
            .onSuccess(v -> ctx.redirect(prefix() + "/settings?notice=factor_removed"))
            .onFailure(err -> settingsError(ctx, p, err)))
        .onFailure(ctx::fail);
  }

  private void recoveryForm(RoutingContext ctx) {
    formPrincipal(ctx, false)
        .onSuccess(p -> service.regenerateRecoveryCodes(p, ip(ctx))
            .onSuccess(codes -> renderRecoveryCodes(ctx, p, codes, false))
            .onFailure(err -> settingsError(ctx, p, err)))
        .onFailure(ctx::fail);
  }

  private void smsOnlyForm(RoutingContext ctx) {
    String allowed = Requests.form(ctx, "allowed", 8);
    if (!"true".equals(allowed) && !"false".equals(allowed)) {
      ctx.fail(HttpProblem.badRequest("allowed must be true or false."));
      return;
    }
    boolean on = "true".equals(allowed);
    formPrincipal(ctx, false)
        .onSuccess(p -> service.setSmsOnly(p, on, ip(ctx))
            .onSuccess(policy -> ctx.redirect(prefix() + "/settings?notice=" + (on ? "sms_only_on" : "sms_only_off")))
            .onFailure(err -> settingsError(ctx, p, err)))
        .onFailure(ctx::fail);
  }

  /** Known refusals go back to the settings page with a message; the rest fail as usual. */
  private void settingsError(RoutingContext ctx, Principal p, Throwable err) {
    if (!(err instanceof HttpProblem hp) || hp.status() >= 500 || !p.isSession()) {
      ctx.fail(err);
      return;
    }
    if ("step-up-required".equals(hp.type())) {
      ctx.redirect(prefix() + "/step-up?return_to=" + java.net.URLEncoder.encode(prefix() + "/settings", java.nio.charset.StandardCharsets.UTF_8));
      return;
    }
    String key = switch (hp.type()) {
      case "last-factor" -> "error.last_factor";
      case "too-many-pending-factors" -> "error.too_many_attempts";
      default -> "error.generic";
    };
    renderSettings(ctx, p, hp.status(), null, key);
  }
}
