package dev.factorgate.config;

import dev.factorgate.config.GatewayConfig.AdminToken;
import dev.factorgate.config.GatewayConfig.Identity;
import dev.factorgate.config.GatewayConfig.LoginRoute;
import dev.factorgate.config.GatewayConfig.Lockout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the rules between and within configuration values. One method per section, each adding to
 * the same list, so an operator sees every problem of a file at once.
 */
public final class ConfigValidator {

  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
  private static final Pattern E164_PREFIX = Pattern.compile("\\+[1-9]\\d{0,14}");
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*");
  private static final Pattern COOKIE_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern HEADER_NAME = COOKIE_NAME;

  private final List<ConfigProblem> problems = new ArrayList<>();

  /** Returns every rule the configuration breaks; empty when it is valid. */
  public List<ConfigProblem> validate(GatewayConfig c) {
    problems.clear();
    server(c.server());
    upstream(c.upstream(), c.server().prefix());
    database(c.database());
    totp(c.totp());
    email(c.email());
    policy(c.policy());
    if (c.campaigns().notifyPerSecond() < 1 || c.campaigns().notifyPerSecond() > 10_000) {
      add("campaigns.notify_per_second", c.campaigns().notifyPerSecond(), "must be between 1 and 10000");
    }
    admin(c.admin().tokens());
    return List.copyOf(problems);
  }

  private void server(GatewayConfig.Server s) {
    port("server.public.port", s.publicListener().port());
    port("server.admin.port", s.admin().port());
    notBlank("server.public.host", s.publicListener().host());
    notBlank("server.admin.host", s.admin().host());
    if (s.publicListener().port() != 0
        && s.publicListener().port() == s.admin().port()
        && s.publicListener().host().equals(s.admin().host())) {
      add("server.admin.port", s.admin().port(), "must differ from server.public.port");
    }
    String prefix = s.prefix();
    if (prefix == null
        || !prefix.startsWith("/")
        || prefix.length() < 2
        || prefix.endsWith("/")
        || !prefix.matches("/[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*")) {
      add("server.prefix", quote(prefix), "must be a path such as /_factorgate (no trailing slash)");
    }
    if (s.publicUrl() != null && !s.publicUrl().matches("https?://[A-Za-z0-9.\\-\\[\\]:]+")) {
      add("server.public_url", quote(s.publicUrl()), "must be the site's origin such as https://www.example.com (no path)");
    }
    if (s.maxBody() < 1024 || s.maxBody() > 64L * 1024 * 1024) {
      add("server.max_body", s.maxBody() + " bytes", "must be between 1KiB and 64MiB");
    }
    if (s.eventLoops() < 0 || s.eventLoops() > 256) {
      add("server.event_loops", s.eventLoops(), "must be between 0 (one per CPU) and 256");
    }
  }

  private void upstream(GatewayConfig.Upstream u, String prefix) {
    if (u.url() == null) {
      return; // already reported by the loader
    }
    String scheme = u.url().getScheme();
    if (scheme == null
        || !(scheme.equals("http") || scheme.equals("https"))
        || u.url().getHost() == null
        || (u.url().getPath() != null && !u.url().getPath().isEmpty() && !u.url().getPath().equals("/"))
        || u.url().getQuery() != null) {
      add("upstream.url", quote(u.url().toString()), "must be an http:// or https:// URL with a host and no path");
    }
    path("upstream.login_page", u.loginPage());
    Set<String> names = new HashSet<>();
    Set<String> routes = new HashSet<>();
    for (int i = 0; i < u.loginRoutes().size(); i++) {
      LoginRoute r = u.loginRoutes().get(i);
      String at = "upstream.login_routes[" + i + "]";
      if (r.name() == null || !r.name().matches("[a-z0-9_-]{1,32}")) {
        add(at + ".name", quote(r.name()), "must be 1-32 characters of a-z, 0-9, _ or -");
      } else if (!names.add(r.name())) {
        add(at + ".name", quote(r.name()), "must be unique");
      }
      if (!METHODS.contains(r.method())) {
        add(at + ".method", quote(r.method()), "must be one of GET, POST, PUT, PATCH, DELETE");
      }
      if (path(at + ".path", r.path())) {
        if (prefix != null && (r.path().equals(prefix) || r.path().startsWith(prefix + "/"))) {
          add(at + ".path", quote(r.path()), "must not lie under server.prefix");
        } else if (!routes.add(r.method() + " " + r.path())) {
          add(at + ".path", quote(r.path()), "must be unique per method");
        }
      }
      if (r.factor() == null || !r.factor().matches("[a-z0-9_-]{1,32}")) {
        add(at + ".factor", quote(r.factor()), "must name the login method, e.g. sms or password");
      }
    }
    if (u.success().status().isEmpty()) {
      add("upstream.success.status", "[]", "must list at least one status");
    }
    for (int i = 0; i < u.success().status().size(); i++) {
      int st = u.success().status().get(i);
      if (st < 200 || st > 399) {
        add("upstream.success.status[" + i + "]", st, "must be between 200 and 399");
      }
    }
    if (u.success().setCookie() != null && !COOKIE_NAME.matcher(u.success().setCookie()).matches()) {
      add("upstream.success.set_cookie", quote(u.success().setCookie()), "must be a cookie name");
    }
    identity(u.identity(), !u.loginRoutes().isEmpty());
    positive("upstream.timeout", u.timeout(), Duration.ofHours(1));
    if (u.maxInspectedBody() < 1024 || u.maxInspectedBody() > 16L * 1024 * 1024) {
      add("upstream.max_inspected_body", u.maxInspectedBody() + " bytes", "must be between 1KiB and 16MiB");
    }
    if (u.poolSize() < 1 || u.poolSize() > 10_000) {
      add("upstream.pool_size", u.poolSize(), "must be between 1 and 10000");
    }
  }

  private void identity(Identity id, boolean needed) {
    if (id.header() != null && !HEADER_NAME.matcher(id.header()).matches()) {
      add("upstream.identity.header", quote(id.header()), "must be a header name");
    }
    if (id.header() != null && id.header().toLowerCase().startsWith("x-factorgate-")) {
      add("upstream.identity.header", quote(id.header()), "must not start with X-Factorgate-");
    }
    pointer("upstream.identity.json_pointer", id.jsonPointer());
    pointer("upstream.identity.phone_pointer", id.phonePointer());
    pointer("upstream.identity.email_pointer", id.emailPointer());
    if (id.whoami() != null) {
      path("upstream.identity.whoami.path", id.whoami().path());
      if (id.whoami().jsonPointer() == null) {
        add("upstream.identity.whoami.json_pointer", "empty", "must point at the user id in the whoami answer");
      }
      pointer("upstream.identity.whoami.json_pointer", id.whoami().jsonPointer());
      pointer("upstream.identity.whoami.phone_pointer", id.whoami().phonePointer());
      pointer("upstream.identity.whoami.email_pointer", id.whoami().emailPointer());
    }
    if (needed && id.header() == null && id.jsonPointer() == null && id.whoami() == null) {
      add("upstream.identity", "empty", "must name at least one of header, json_pointer, whoami");
    }
    if (id.defaultRegion() != null && !id.defaultRegion().matches("[A-Z]{2}")) {
      add("upstream.identity.default_region", quote(id.defaultRegion()), "must be an ISO 3166 region code such as CN");
    }
  }

  private void database(GatewayConfig.Database d) {
    if (d.url() != null && !(d.url().startsWith("postgresql://") || d.url().startsWith("postgres://"))) {
      add("database.url", "'" + redactUrl(d.url()) + "'", "must be a postgresql:// URL");
    }
    if (d.poolSize() < 1 || d.poolSize() > 500) {
      add("database.pool_size", d.poolSize(), "must be between 1 and 500");
    }
  }

  private void totp(GatewayConfig.Totp t) {
    notBlank("totp.issuer", t.issuer());
    if (t.issuer() != null && t.issuer().contains(":")) {
      add("totp.issuer", quote(t.issuer()), "must not contain ':'");
    }
    if (!Set.of("SHA1", "SHA256", "SHA512").contains(t.algorithm())) {
      add("totp.algorithm", quote(t.algorithm()), "must be one of SHA1, SHA256, SHA512");
    }
    if (t.digits() < 6 || t.digits() > 8) {
      add("totp.digits", t.digits(), "must be 6, 7 or 8");
    }
    if (t.period() < 15) {
      add("totp.period", t.period(), "must be ≥ 15");
    } else if (t.period() > 300) {
      add("totp.period", t.period(), "must be ≤ 300");
    }
    if (t.window() < 0 || t.window() > 10) {
      add("totp.window", t.window(), "must be between 0 and 10");
    }
  }

  private void email(GatewayConfig.Email e) {
    if (!Set.of("factor", "recovery_only").contains(e.role())) {
      add("email.role", quote(e.role()), "must be one of factor, recovery_only");
    }
    notBlank("email.smtp.host", e.smtp().host());
    port("email.smtp.port", e.smtp().port());
    if (e.smtp().port() == 0) {
      add("email.smtp.port", 0, "must be between 1 and 65535");
    }
    if (!Set.of("optional", "required", "disabled").contains(e.smtp().starttls())) {
      add("email.smtp.starttls", quote(e.smtp().starttls()), "must be one of optional, required, disabled");
    }
    String from = e.smtp().from();
    if (from == null || from.isBlank() || from.indexOf('@') < 0 || from.matches("(?s).*[\\r\\n].*")) {
      add("email.smtp.from", quote(from), "must be a mail address such as \"factorgate <no-reply@example.com>\"");
    }
    positive("email.code_ttl", e.codeTtl(), Duration.ofHours(24));
    positive("email.send_timeout", e.sendTimeout(), Duration.ofMinutes(5));
  }

  private void policy(GatewayConfig.Policy p) {
    positive("policy.pending_login_ttl", p.pendingLoginTtl(), Duration.ofHours(1));
    positive("policy.step_up_max_age", p.stepUpMaxAge(), Duration.ofHours(24));
    positive("policy.session_ttl", p.sessionTtl(), Duration.ofDays(90));
    Lockout l = p.lockout();
    if (l.delayAfter() < 1) {
      add("policy.lockout.delay_after", l.delayAfter(), "must be ≥ 1");
    }
    if (l.lockAfter() <= l.delayAfter()) {
      add("policy.lockout.lock_after", l.lockAfter(), "must be greater than policy.lockout.delay_after (" + l.delayAfter() + ")");
    }
    positive("policy.lockout.base_delay", l.baseDelay(), Duration.ofHours(24));
    positive("policy.lockout.max_delay", l.maxDelay(), Duration.ofDays(7));
    if (l.maxDelay().compareTo(l.baseDelay()) < 0) {
      add("policy.lockout.max_delay", Units.format(l.maxDelay()), "must be ≥ policy.lockout.base_delay (" + Units.format(l.baseDelay()) + ")");
    }
    if (l.perIpPerMinute() < 1) {
      add("policy.lockout.per_ip_per_minute", l.perIpPerMinute(), "must be ≥ 1");
    }
    for (int i = 0; i < p.virtualNumberPrefixes().size(); i++) {
      String v = p.virtualNumberPrefixes().get(i);
      if (!E164_PREFIX.matcher(v).matches()) {
        add("policy.virtual_number_prefixes[" + i + "]", quote(v), "must be an E.164 prefix such as +86170");
      }
    }
  }

  private void admin(List<AdminToken> tokens) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < tokens.size(); i++) {
      AdminToken t = tokens.get(i);
      String at = "admin.tokens[" + i + "]";
      if (t.name() == null || !t.name().matches("[A-Za-z0-9._-]{1,64}")) {
        add(at + ".name", quote(t.name()), "must be 1-64 characters of A-Z, a-z, 0-9, . _ -");
      } else if (!names.add(t.name())) {
        add(at + ".name", quote(t.name()), "must be unique");
      }
      if (t.sha256() == null || !SHA256_HEX.matcher(t.sha256()).matches()) {
        add(at + ".sha256", t.sha256() == null ? "empty" : "a value of " + t.sha256().length() + " characters",
            "must be 64 hex digits (factorgate admin-token create NAME prints one)");
      }
    }
  }

  private void port(String key, int port) {
    if (port < 0 || port > 65535) {
      add(key, port, "must be between 1 and 65535");
    }
  }

  private boolean path(String key, String value) {
    if (value == null || !PATH.matcher(value).matches() || value.startsWith("//")) {
      add(key, quote(value), "must be an absolute path such as /login");
      return false;
    }
    return true;
  }

  private void pointer(String key, String value) {
    if (value != null && !value.isEmpty() && !value.startsWith("/")) {
      add(key, quote(value), "must be a JSON pointer such as /user/id");
    }
  }

  private void positive(String key, Duration d, Duration max) {
    if (d.isZero() || d.isNegative()) {
      add(key, Units.format(d), "must be longer than 0s");
    } else if (d.compareTo(max) > 0) {
      add(key, Units.format(d), "must be at most " + Units.format(max));
    }
  }

  private void notBlank(String key, String value) {
    if (value == null || value.isBlank()) {
      add(key, quote(value), "must not be empty");
    }
  }

  private void add(String key, Object value, String rule) {
    problems.add(new ConfigProblem(key, String.valueOf(value), rule));
  }

  private static String quote(String s) {
    return s == null ? "empty" : "'" + s + "'";
  }

  /** Database URLs may carry a password: never print it. */
  static String redactUrl(String url) {
    return url.replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@");
  }
}
