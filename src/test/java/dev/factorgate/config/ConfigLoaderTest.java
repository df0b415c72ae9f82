package dev.factorgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

  private static GatewayConfig parse(String yaml) {
    return new ConfigLoader(Map.of()).parse(yaml, "test");
  }

  private static List<String> problems(String yaml) {
    return problems(yaml, Map.of());
  }

  private static List<String> problems(String yaml, Map<String, String> env) {
    try {
      new ConfigLoader(env).parse(yaml, "test");
      return List.of();
    } catch (ConfigException e) {
      return e.problems().stream().map(ConfigProblem::toString).toList();
    }
  }

  @Test
  void theShippedConfigurationIsValidAndDescribesTheDemo() {
    GatewayConfig c = new ConfigLoader(Map.of()).load(Path.of("conf/factorgate.yaml"));
    assertThat(c.server().publicListener().port()).isEqualTo(8080);
    assertThat(c.server().admin().host()).isEqualTo("127.0.0.1");
    assertThat(c.upstream().loginRoutes()).extracting(GatewayConfig.LoginRoute::name).containsExactly("sms", "password");
    assertThat(c.upstream().identity().whoami().path()).isEqualTo("/api/me");
    assertThat(c.database().url()).isNull();
  }

  @Test
  void anEmptyFileGivesTheDefaultsOfTheSpec() {
    GatewayConfig c = parse("");
    assertThat(c.server().prefix()).isEqualTo("/_factorgate");
    assertThat(c.server().maxBody()).isEqualTo(1024 * 1024);
    assertThat(c.server().eventLoops()).isZero();
    assertThat(c.server().eventLoopCount()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(c.totp()).isEqualTo(new GatewayConfig.Totp("factorgate", "SHA1", 6, 30, 1));
    assertThat(c.policy().pendingLoginTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.policy().sessionTtl()).isEqualTo(Duration.ofHours(12));
    assertThat(c.policy().lockout()).isEqualTo(
        new GatewayConfig.Lockout(5, Duration.ofSeconds(30), Duration.ofHours(1), 20, 60));
    assertThat(c.email().codeTtl()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.email().role()).isEqualTo("factor");
    assertThat(c.campaigns().notifyPerSecond()).isEqualTo(20);
    assertThat(c.enrolment().confirmEmailOnFile()).isTrue();
    assertThat(c.upstream().success().status()).containsExactly(200, 302, 303);
  }

  @Test
  void environmentVariablesOverrideTheFile() {
    GatewayConfig c =
        new ConfigLoader(
                Map.of(
                    "FACTORGATE_PUBLIC_PORT", "18080",
                    "FACTORGATE_ADMIN_PORT", "18081",
                    "FACTORGATE_UPSTREAM_URL", "http://10.1.2.3:7000",
                    "FACTORGATE_DATABASE_URL", "postgresql://fg:pw@db:5432/fg",
                    "FACTORGATE_EVENT_LOOPS", "1"))
            .parse("server: { public: { port: 1 }, event_loops: 4 }", "test");
    assertThat(c.server().eventLoops()).isEqualTo(1);
    assertThat(c.server().eventLoopCount()).isEqualTo(1);
    assertThat(c.server().publicListener().port()).isEqualTo(18080);
    assertThat(c.server().admin().port()).isEqualTo(18081);
    assertThat(c.upstream().url().toString()).isEqualTo("http://10.1.2.3:7000");
    assertThat(c.database().url()).isEqualTo("postgresql://fg:pw@db:5432/fg");
  }

  @Test
  void aBadEnvironmentPortIsReportedByName() {
    assertThat(problems("", Map.of("FACTORGATE_PUBLIC_PORT", "eighty")))
        .containsExactly("env FACTORGATE_PUBLIC_PORT must be a port number, is 'eighty'");
    assertThat(problems("", Map.of("FACTORGATE_EVENT_LOOPS", "many")))
        .containsExactly("env FACTORGATE_EVENT_LOOPS must be a number, is 'many'");
  }

  @Test
  void reportsEveryProblemOfAFileAtOnce() {
    List<String> p =
        problems(
            """
            totp: { period: 10, digits: 9, algorithm: MD5, window: -1 }
            server: { prefix: "factorgate/", secure_cookies: sometimes }
            policy: { pending_login_ttl: 5 minutes }
            """);
    assertThat(p)
        .contains(
            "totp.period must be ≥ 15, is 10",
            "totp.digits must be 6, 7 or 8, is 9",
            "totp.algorithm must be one of SHA1, SHA256, SHA512, is 'MD5'",
            "totp.window must be between 0 and 10, is -1",
            "server.prefix must be a path such as /_factorgate (no trailing slash), is 'factorgate/'",
            "server.secure_cookies must be one of auto, always, never, is 'sometimes'",
            "policy.pending_login_ttl must be a duration such as 30s, 5m or 12h, is '5 minutes'");
    assertThat(p).hasSize(7);
  }

  @Test
  void unknownKeysAreReportedWithTheirPath() {
    assertThat(problems("totp: { perod: 30 }\nsevrer: {}"))
        .containsExactlyInAnyOrder("totp.perod is not a known key, is 30", "sevrer is not a known key, is {}");
  }

  @Test
  void typeErrorsNameTheExpectedForm() {
    assertThat(problems("server: { public: { port: abc } }\npolicy: { disable_sms_only_on_enrol: maybe }\nserver2: 1"))
        .contains(
            "server.public.port must be an integer, is 'abc'",
            "policy.disable_sms_only_on_enrol must be true or false, is 'maybe'");
    assertThat(problems("server: [1, 2]")).containsExactly("server must be a mapping, is [1,2]");
    assertThat(problems("server: { max_body: lots }"))
        .containsExactly("server.max_body must be a size such as 512KiB or 1MiB, is 'lots'");
  }

  @Test
  void invalidYamlIsOneClearProblem() {
    assertThatThrownBy(() -> parse("server: { public: [ }"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("must be valid YAML");
  }

  @Test
  void aMissingFileIsReported() {
    assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Path.of("does/not/exist.yaml")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("must be a readable file");
  }

  @Test
  void theConfigFileComesFromTheOptionThenTheEnvironment() {
    ConfigLoader withEnv = new ConfigLoader(Map.of("FACTORGATE_CONFIG", "/etc/fg.yaml"));
    assertThat(withEnv.resolveFile(null)).isEqualTo(Path.of("/etc/fg.yaml"));
    assertThat(withEnv.resolveFile(Path.of("x.yaml"))).isEqualTo(Path.of("x.yaml"));
    assertThat(new ConfigLoader(Map.of()).resolveFile(null)).isEqualTo(ConfigLoader.DEFAULT_FILE);
  }

  @Test
  void readsLoginRoutesAndIdentity() {
    GatewayConfig c =
        parse(
            """
            upstream:
              login_routes:
                - { name: app, method: post, path: /api/login, factor: password, api: true }
              identity: { header: X-User, default_region: US }
            """);
    assertThat(c.upstream().loginRoutes())
        .containsExactly(new GatewayConfig.LoginRoute("app", "POST", "/api/login", "password", true));
    assertThat(c.upstream().identity().header()).isEqualTo("X-User");
    assertThat(c.upstream().identity().whoami()).isNull();
  }

  @Test
  void unitsParse() {
    assertThat(Units.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Units.parseDuration("12h")).isEqualTo(Duration.ofHours(12));
    assertThat(Units.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Units.parseDuration("5")).isNull();
    assertThat(Units.parseSize("512KiB")).isEqualTo(512 * 1024);
    assertThat(Units.parseSize("1MiB")).isEqualTo(1024 * 1024);
    assertThat(Units.parseSize("1 MB")).isEqualTo(-1);
    assertThat(Units.format(Duration.ofMinutes(5))).isEqualTo("5m");
  }
}
