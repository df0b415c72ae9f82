package dev.factorgate.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues and checks the one-time login codes the demo "sends" by SMS.
 *
 * <p>Rules, as a typical SMS-login site has them: six digits from {@link SecureRandom}, valid
 * for {@link #TTL}, one active code per phone (asking again replaces the old code), single use,
 * and at most {@link #MAX_ATTEMPTS} guesses per code. Without the attempt cap a million-code
 * space falls to a scripted guesser in minutes.
 */
final class SmsCodes {

  /** How long a code stays valid. */
  static final Duration TTL = Duration.ofMinutes(5);

  /** Guesses allowed per code; the code is dropped after the last wrong one. */
  static final int MAX_ATTEMPTS = 5;

  /** Number of digits in a code. */
  static final int DIGITS = 6;

  private static final int BOUND = 1_000_000;

  /** An issued code with its expiry and the number of guesses already spent on it. */
  private record Pending(String code, Instant expiresAt, int attempts) {
    Pending withAttempt() {
      return new Pending(code, expiresAt, attempts + 1);
    }
  }

  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;

  /** Codes against the system clock. */
  SmsCodes() {
    this(Clock.systemUTC());
  }

  /**
   * Codes against the given clock, so tests can step past the expiry without sleeping.
   *
   * @param clock time source
   */
  SmsCodes(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Creates a new code for a phone, replacing any earlier one.
   *
   * @param e164 normalised phone
   * @return the six-digit code
   */
  String issue(String e164) {
    String code = String.format("%0" + DIGITS + "d", random.nextInt(BOUND));
    pending.put(e164, new Pending(code, clock.instant().plus(TTL), 0));
    return code;
  }

  /**
   * Checks a code. A correct code is consumed; a wrong one costs one attempt.
   *
   * @param e164      normalised phone
   * @param candidate what the user typed, may be {@code null}
   * @return {@code true} if the code was active and matched
   */
  boolean verify(String e164, String candidate) {
    if (e164 == null) {
      return false;
    }
    String typed = candidate == null ? "" : candidate.strip();
    Instant now = clock.instant();
    boolean[] matched = {false};
    // compute() runs atomically per key: two racing requests with the right code cannot both
    // succeed, and racing wrong guesses cannot exceed the attempt cap.
    pending.computeIfPresent(e164, (phone, p) -> {
      if (!now.isBefore(p.expiresAt())) {
        return null;
      }
      if (constantTimeEquals(p.code(), typed)) {
        matched[0] = true;
        return null;
      }
      Pending next = p.withAttempt();
      return next.attempts() >= MAX_ATTEMPTS ? null : next;
    });
    return matched[0];
  }

  /**
   * Whether a code is waiting for this phone (expired ones do not count).
   *
   * @param e164 normalised phone
   * @return {@code true} if a usable code exists
   */
  boolean hasActiveCode(String e164) {
    Pending p = pending.get(e164);
    return p != null && clock.instant().isBefore(p.expiresAt());
  }

  private static boolean constantTimeEquals(String expected, String typed) {
    // MessageDigest.isEqual does not stop at the first differing byte. It may return early on a
    // length mismatch, but the code length is public anyway.
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        typed.getBytes(StandardCharsets.UTF_8));
  }
}
