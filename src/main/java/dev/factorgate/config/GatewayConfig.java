package dev.factorgate.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The whole configuration of one gateway instance, as read from {@code conf/factorgate.yaml} and the
 * environment. Immutable; built by {@link ConfigLoader}, checked by {@link ConfigValidator}. Secrets are
 * never part of it: they come from the environment or files ({@link dev.factorgate.store.MasterKeys}).
 */
public record GatewayConfig(
    Server server,
    Upstream upstream,
    Database database,
    Secrets secrets,
    Totp totp,
    Email email,
    Policy policy,
    Enrolment enrolment,
    Campaigns campaigns,
    Admin admin) {

  /** Listeners and request handling of the gateway itself. */
  public record Server(
      Listener publicListener,
      Listener admin,
      String prefix,
      SecureCookies secureCookies,
      List<Cidr> trustedProxies,
      long maxBody,
      String publicUrl,
      int eventLoops) {

    /** The event loops to run: {@link #eventLoops} when set, else one per CPU this process may use. */
    public int eventLoopCount() {
      return eventLoops > 0 ? eventLoops : Math.max(1, Runtime.getRuntime().availableProcessors());
    }
  }

  /** One HTTP listener. Port 0 picks a free port (tests). */
  public record Listener(String host, int port) {}

  /** When gateway cookies carry the {@code Secure} attribute. */
  public enum SecureCookies {
    AUTO,
    ALWAYS,
    NEVER
  }

  /** The protected site and how its login is recognised (SPEC section 2). */
  public record Upstream(
      URI url,
      String loginPage,
      List<LoginRoute> loginRoutes,
      Success success,
      Identity identity,
      Duration timeout,
      long maxInspectedBody,
      int poolSize) {}

  /** A request whose response is inspected for a successful login. */
  public record LoginRoute(String name, String method, String path, String factor, boolean api) {}

  /** What a successful login response looks like. {@code setCookie} may be null. */
  public record Success(List<Integer> status, String setCookie) {}

  /** Where the logged-in user's id, phone and email are found; every field may be null. */
  public record Identity(
      String header,
      String jsonPointer,
      String phonePointer,
      String emailPointer,
      Whoami whoami,
      String defaultRegion) {}

  /** An upstream call, with the new session's cookies, that tells who logged in. */
  public record Whoami(String path, String jsonPointer, String phonePointer, String emailPointer) {}

  /** PostgreSQL; a null url selects the embedded server in {@code var/pg}. */
  public record Database(String url, int poolSize) {}

  /** Where master keys come from when {@code FACTORGATE_MASTER_KEYS} is not set. */
  public record Secrets(Path masterKeysFile) {}

  /** TOTP parameters for newly enrolled authenticators. */
  public record Totp(String issuer, String algorithm, int digits, int period, int window) {}

  /** The email factor and the mail transport. */
  public record Email(String role, Smtp smtp, Path outboxDir, Duration codeTtl, Duration sendTimeout) {}

  /** SMTP transport; the password comes from {@code FACTORGATE_SMTP_PASSWORD}. */
  public record Smtp(String host, int port, String starttls, String username, String from) {}

  /** Login and session policy. */
  public record Policy(
      boolean disableSmsOnlyOnEnrol,
      Duration pendingLoginTtl,
      Duration stepUpMaxAge,
      Duration sessionTtl,
      Lockout lockout,
      List<String> virtualNumberPrefixes) {}

  /** Second-factor throttling (SPEC section 5). */
  public record Lockout(
      int delayAfter, Duration baseDelay, Duration maxDelay, int lockAfter, int perIpPerMinute) {}

  /** Guards on the first enrolment. */
  public record Enrolment(boolean confirmEmailOnFile) {}

  /** Campaign background work. */
  public record Campaigns(int notifyPerSecond) {}

  /** Admin API access. */
  public record Admin(List<AdminToken> tokens) {}

  /** An admin bearer token, stored as the hex SHA-256 of the token. */
  public record AdminToken(String name, String sha256) {}
}
