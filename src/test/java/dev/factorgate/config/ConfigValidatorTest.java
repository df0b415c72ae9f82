package dev.factorgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One case per validation rule: the YAML that breaks it and the exact message. */
class ConfigValidatorTest {

  private static List<String> problems(String yaml) {
    try {
      new ConfigLoader(Map.of()).parse(yaml, "test");
      return List.of();
    } catch (ConfigException e) {
      return e.problems().stream().map(ConfigProblem::toString).toList();
    }
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "server: { public: { port: 70000 } }|server.public.port must be between 1 and 65535, is 70000",
        "server: { admin: { port: -1 } }|server.admin.port must be between 1 and 65535, is -1",
        "server: { public: { host: '' } }|server.public.host must not be empty, is ''",
        "server: { public: { host: 127.0.0.1, port: 9 }, admin: { host: 127.0.0.1, port: 9 } }|server.admin.port must differ from server.public.port, is 9",
        "server: { prefix: / }|server.prefix must be a path such as /_factorgate (no trailing slash), is '/'",
        "server: { max_body: 10 }|server.max_body must be between 1KiB and 64MiB, is 10 bytes",
        "server: { event_loops: -1 }|server.event_loops must be between 0 (one per CPU) and 256, is -1",
        "server: { trusted_proxies: [10.0.0.0/33] }|server.trusted_proxies[0] must be an IP address or CIDR, is '10.0.0.0/33'",
        "server: { trusted_proxies: [proxy.example] }|server.trusted_proxies[0] must be an IP address or CIDR, is 'proxy.example'",
        "upstream: { url: 'ftp://x' }|upstream.url must be an http:// or https:// URL with a host and no path, is 'ftp://x'",
        "upstream: { url: 'http://x:9/app' }|upstream.url must be an http:// or https:// URL with a host and no path, is 'http://x:9/app'",
        "upstream: { url: 'http://a b' }|upstream.url must be an http:// or https:// URL, is 'http://a b'",
        "upstream: { login_page: login }|upstream.login_page must be an absolute path such as /login, is 'login'",
        "upstream: { identity: { header: X-U }, login_routes: [ { name: 'A B', path: /l, factor: sms } ] }|upstream.login_routes[0].name must be 1-32 characters of a-z, 0-9, _ or -, is 'A B'",
        "upstream: { identity: { header: X-U }, login_routes: [ { name: a, path: /l, factor: sms }, { name: a, path: /m, factor: sms } ] }|upstream.login_routes[1].name must be unique, is 'a'",
        "upstream: { identity: { header: X-U }, login_routes: [ { name: a, method: FETCH, path: /l, factor: sms } ] }|upstream.login_routes[0].method must be one of GET, POST, PUT, PATCH, DELETE, is 'FETCH'",
        "upstream: { identity: { header: X-U }, login_routes: [ { name: a, path: /_factorgate/x, factor: sms } ] }|upstream.login_routes[0].path must not lie under server.prefix, is '/_factorgate/x'",
        "upstream: { identity: { header: X-U }, login_routes: [ { name: a, path: /l, factor: sms }, { name: b, path: /l, factor: sms } ] }|upstream.login_routes[1].path must be unique per method, is '/l'",
        "upstream: { identity: { header: X-U }, login_routes: [ { name: a, path: /l } ] }|upstream.login_routes[0].factor must name the login method, e.g. sms or password, is empty",
        "upstream: { login_routes: [ { name: a, path: /l, factor: sms } ] }|upstream.identity must name at least one of header, json_pointer, whoami, is empty",
        "upstream: { success: { status: [] } }|upstream.success.status must list at least one status, is []",
        "upstream: { success: { status: [500] } }|upstream.success.status[0] must be between 200 and 399, is 500",
        "upstream: { success: { set_cookie: 'a b' } }|upstream.success.set_cookie must be a cookie name, is 'a b'",
        "upstream: { identity: { header: X-Factorgate-User } }|upstream.identity.header must not start with X-Factorgate-, is 'X-Factorgate-User'",
        "upstream: { identity: { json_pointer: user.id } }|upstream.identity.json_pointer must be a JSON pointer such as /user/id, is 'user.id'",
        "upstream: { identity: { whoami: { path: /me } } }|upstream.identity.whoami.json_pointer must point at the user id in the whoami answer, is empty",
        "upstream: { identity: { default_region: cn } }|upstream.identity.default_region must be an ISO 3166 region code such as CN, is 'cn'",
        "upstream: { timeout: 0s }|upstream.timeout must be longer than 0s, is 0ms",
        "upstream: { max_inspected_body: 100 }|upstream.max_inspected_body must be between 1KiB and 16MiB, is 100 bytes",
        "upstream: { pool_size: 0 }|upstream.pool_size must be between 1 and 10000, is 0",
        "database: { url: 'mysql://x/y' }|database.url must be a postgresql:// URL, is 'mysql://x/y'",
        "database: { url: 'mysql://u:secret@x/y' }|database.url must be a postgresql:// URL, is 'mysql://u:***@x/y'",
        "database: { pool_size: 0 }|database.pool_size must be between 1 and 500, is 0",
        "totp: { issuer: 'a:b' }|totp.issuer must not contain ':', is 'a:b'",
        "totp: { period: 301 }|totp.period must be ≤ 300, is 301",
        "email: { role: primary }|email.role must be one of factor, recovery_only, is 'primary'",
        "email: { smtp: { starttls: yes } }|email.smtp.starttls must be one of optional, required, disabled, is 'true'",
        "email: { smtp: { from: nobody } }|email.smtp.from must be a mail address such as \"factorgate <no-reply@example.com>\", is 'nobody'",
        "email: { code_ttl: 2d }|email.code_ttl must be at most 24h, is 48h",
        "policy: { step_up_max_age: 0s }|policy.step_up_max_age must be longer than 0s, is 0ms",
        "policy: { lockout: { delay_after: 0 } }|policy.lockout.delay_after must be ≥ 1, is 0",
        "policy: { lockout: { delay_after: 5, lock_after: 5 } }|policy.lockout.lock_after must be greater than policy.lockout.delay_after (5), is 5",
        "policy: { lockout: { base_delay: 2h, max_delay: 1h } }|policy.lockout.max_delay must be ≥ policy.lockout.base_delay (2h), is 1h",
        "policy: { lockout: { per_ip_per_minute: 0 } }|policy.lockout.per_ip_per_minute must be ≥ 1, is 0",
        "policy: { virtual_number_prefixes: ['86170'] }|policy.virtual_number_prefixes[0] must be an E.164 prefix such as +86170, is '86170'",
        "campaigns: { notify_per_second: 0 }|campaigns.notify_per_second must be between 1 and 10000, is 0",
        "admin: { tokens: [ { name: ops, sha256: abc } ] }|admin.tokens[0].sha256 must be 64 hex digits (factorgate admin-token create NAME prints one), is a value of 3 characters",
        "admin: { tokens: [ { sha256: '0000000000000000000000000000000000000000000000000000000000000000' } ] }|admin.tokens[0].name must be 1-64 characters of A-Z, a-z, 0-9, . _ -, is empty",
      })
  void reportsTheRuleItBreaks(String yaml, String expected) {
    assertThat(problems(yaml)).containsExactly(expected);
  }
}
