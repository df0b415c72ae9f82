package dev.factorgate.factor;

import dev.factorgate.config.GatewayConfig.Lockout;
import java.time.Duration;
import java.time.Instant;

/**
 * The arithmetic of second-factor throttling (SPEC section 5): after {@code delay_after}
 * consecutive failures each further attempt waits a doubling delay from {@code base_delay} up to
 * {@code max_delay}; after {@code lock_after} the account is locked until a recovery code or an
 * admin unlock. Pure: the counts live in PostgreSQL, shared by every instance.
 */
public final class Throttle {

  private final Lockout config;

  public Throttle(Lockout config) {
    this.config = config;
  }

  /** The wait imposed after the {@code failures}-th consecutive failure (zero before delay_after). */
  public Duration delayAfter(int failures) {
    if (failures < config.delayAfter()) {
      return Duration.ZERO;
    }
    int doublings = failures - config.delayAfter();
    long base = config.baseDelay().toMillis();
    long max = config.maxDelay().toMillis();
    long delay = doublings >= 62 || base << Math.min(doublings, 62) <= 0 ? max : Math.min(max, base << doublings);
    return Duration.ofMillis(delay);
  }

  /** True when this many consecutive failures lock the account. */
  public boolean locks(int failures) {
    return failures >= config.lockAfter();
  }

  /**
   * The verdict for an attempt now, given the stored state. A recovery code (80 random bits, not
   * guessable) passes both the delay and the lock — it is how a locked-out owner gets back in —
   * and its failures still count.
   */
  public Verdict check(int failures, Instant nextAttemptAt, Instant lockedAt, Instant now, boolean recoveryCode) {
    if (recoveryCode) {
      return Verdict.go();
    }
    if (lockedAt != null) {
      return Verdict.lockedOut();
    }
    if (nextAttemptAt != null && nextAttemptAt.isAfter(now)) {
      long secs = Math.max(1, (Duration.between(now, nextAttemptAt).toMillis() + 999) / 1000);
      return Verdict.waitFor(secs);
    }
    return Verdict.go();
  }

  /** May an attempt go ahead, and if not, why and for how long. */
  public record Verdict(boolean allowed, boolean locked, long retryAfterSeconds) {
    static Verdict go() {
      return new Verdict(true, false, 0);
    }

    static Verdict lockedOut() {
      return new Verdict(false, true, 0);
    }

    static Verdict waitFor(long seconds) {
      return new Verdict(false, false, seconds);
    }
  }
}
