package dev.factorgate.session;

import dev.factorgate.proxy.PendingLogin;
import java.time.Duration;
import java.time.Instant;

/**
 * Who a settings or enrolment request acts for: a signed-in gateway session, or — only to enrol a
 * first factor — a held login whose decision asked for enrolment.
 */
public record Principal(
    long accountId,
    String userId,
    String loginMethod,
    Instant steppedUpAt,
    String sessionToken,
    byte[] sessionHash,
    PendingLogin pending) {

  public static Principal of(GatewaySessions.Session s, String token) {
    return new Principal(s.accountId(), s.userId(), s.loginMethod(), s.steppedUpAt(), token, s.tokenHash(), null);
  }

  public static Principal of(PendingLogin p) {
    return new Principal(p.accountId(), p.userId(), p.loginMethod(), null, null, null, p);
  }

  public boolean isSession() {
    return pending == null;
  }

  /** True when the last step-up (or factor sign-in) is recent enough for sensitive changes. */
  public boolean steppedUpWithin(Duration maxAge, Instant now) {
    return steppedUpAt != null && !steppedUpAt.plus(maxAge).isBefore(now);
  }

  /** What CSRF tokens of this principal's forms are bound to. */
  public String csrfBinding() {
    return pending != null
        ? "pending:" + pending.id()
        : "session:" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(sessionHash);
  }
}
