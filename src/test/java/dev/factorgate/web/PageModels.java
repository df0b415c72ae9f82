package dev.factorgate.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Representative models for every page, covering each branch the templates have. */
final class PageModels {

  static final String PREFIX = "/_factorgate";
  static final String CSRF = "tok-EN_xyz123";
  /** A 1x1 PNG: the templates only need a data URI, not a scannable code. */
  static final String QR =
      "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

  /** One rendering case: a template and a model. */
  record Case(String template, String name, Map<String, Object> model) {
    @Override
    public String toString() {
      return template + "/" + name;
    }
  }

  private PageModels() {}

  static Map<String, Object> base(Object... pairs) {
    Map<String, Object> m = new HashMap<>();
    m.put("prefix", PREFIX);
    m.put("csrf", CSRF);
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], pairs[i + 1]);
    }
    return m;
  }

  static List<Case> all() {
    List<Case> c = new ArrayList<>();
    List<String> every = List.of("totp", "email", "recovery");
    c.add(new Case("challenge", "all methods, error, sent, retry",
        base("methods", every, "error", "error.code_invalid", "emailSent", true, "retryAfter", 30)));
    c.add(new Case("challenge", "email not sent yet", base("methods", List.of("email", "recovery"), "emailSent", false)));
    c.add(new Case("challenge", "totp only", base("methods", List.of("totp"))));
    c.add(new Case("challenge", "recovery code refused", base("methods", List.of("totp", "recovery"),
        "error", "error.code_invalid", "failedMethod", "recovery")));
    c.add(new Case("challenge", "recovery only", base("methods", List.of("recovery"))));
    c.add(new Case("step_up", "all methods", base("methods", every, "error", "error.code_expired",
        "returnTo", PREFIX + "/settings", "emailSent", true)));
    c.add(new Case("step_up", "totp only", base("methods", List.of("totp"), "returnTo", PREFIX + "/settings")));
    c.add(new Case("enrol", "nudge 3 left", base("mode", "nudge", "snoozesLeft", 3, "deadline", "2026-09-01")));
    c.add(new Case("enrol", "nudge unlimited", base("mode", "nudge", "snoozesLeft", -1)));
    c.add(new Case("enrol", "nudge none left", base("mode", "nudge", "snoozesLeft", 0, "error", "error.csrf")));
    c.add(new Case("enrol", "required with deadline", base("mode", "required", "snoozesLeft", 0, "deadline", "2026-03-01")));
    c.add(new Case("enrol", "required", base("mode", "required", "snoozesLeft", 2)));
    c.add(new Case("totp_enrol", "with error", base("factorId", "3f1c2a9e-0d4b-4c1a-9f00-5a1b2c3d4e5f", "qrDataUri", QR,
        "secretGrouped", "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP", "error", "error.code_invalid")));
    c.add(new Case("totp_enrol", "fresh", base("factorId", "f-1", "qrDataUri", QR, "secretGrouped", "ABCD EFGH")));
    c.add(new Case("totp_enrol", "with the app link", base("factorId", "f-2", "qrDataUri", QR, "secretGrouped", "ABCD EFGH",
        "otpauthUri", "otpauth://totp/Demo:%2B86138****8000?secret=ABCDEFGH&issuer=Demo")));
    c.add(new Case("recovery_codes", "ten codes", recoveryCodes()));
    c.add(new Case("settings", "sms only, not fresh", settings("sms_only", factors(), 8, false, false, "notice.totp_added", null)));
    c.add(new Case("settings", "sms only, no factors", settings("sms_only", List.of(), 0, true, false, null, "error.step_up_required")));
    c.add(new Case("settings", "required, may allow", settings("second_factor_required", factors(), 1, true, true, "notice.sms_only_off", null)));
    c.add(new Case("settings", "required, managed", settings("second_factor_required", factors(), 2, true, false, null, "error.last_factor")));
    for (String reason : List.of("locked", "recycled", "frozen", "enrolment_refused", "something_new")) {
      c.add(new Case("refused", reason, base("reason", reason)));
    }
    c.add(new Case("refused", "locked 15 min", base("reason", "locked", "retryAfter", 900)));
    c.add(new Case("refused", "locked 10 s", base("reason", "locked", "retryAfter", 10)));
    c.add(new Case("error", "404", base("status", 404, "title", "Not found", "detail", "There is no such page.")));
    c.add(new Case("error", "no detail", base("status", 500, "title", "Server error")));
    c.add(new Case("error", "sign-in expired", base("status", 401, "title", "Sign-in expired", "detail", "Expired.",
        "titleKey", "error_page.expired.title", "textKey", "error_page.expired.text", "signInHref", "/login")));
    c.add(new Case("error", "unforeseen, with its detail", base("status", 500, "title", "Internal error",
        "detail", "Something went wrong (request id 1234).", "titleKey", "error_page.generic.title",
        "textKey", "error_page.generic.text", "showDetail", true)));
    return c;
  }

  static Map<String, Object> recoveryCodes() {
    List<String> codes = Arrays.asList("k7mq-2xvd", "p9rt-4hwc", "b3nf-8jzs", "x6gd-1ptl", "r2wc-5mqh",
        "h8vz-3kbn", "t4js-7dfx", "m1cp-9grw", "w5lh-6nzt", "d7bx-2sqk");
    return base("codes", codes, "downloadHref", Pages.textDownloadHref(String.join("\n", codes) + "\n"),
        "continueAction", PREFIX + "/continue");
  }

  static List<Map<String, Object>> factors() {
    Map<String, Object> phone = new LinkedHashMap<>();
    phone.put("id", "3f1c2a9e");
    phone.put("kind", "totp");
    phone.put("label", "Pixel phone");
    phone.put("status", "active");
    phone.put("createdAt", "2025-05-01");
    phone.put("lastUsedAt", "2025-06-10");
    Map<String, Object> mail = new LinkedHashMap<>();
    mail.put("id", "77aa01");
    mail.put("kind", "email");
    mail.put("label", "");
    mail.put("status", "pending");
    mail.put("createdAt", "2025-06-11");
    mail.put("lastUsedAt", null);
    return List.of(phone, mail);
  }

  static Map<String, Object> settings(String policy, List<Map<String, Object>> factors, int codesLeft,
      boolean fresh, boolean canAllow, String notice, String error) {
    return base("policy", policy, "factors", factors, "recoveryCodesLeft", codesLeft, "stepUpFresh", fresh,
        "canAllowSmsOnly", canAllow, "notice", notice, "error", error);
  }
}
