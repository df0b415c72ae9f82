package dev.factorgate.factor;

import dev.factorgate.Counters;
import dev.factorgate.Services;
import dev.factorgate.audit.AuditLog;
import dev.factorgate.factor.FactorStore.Factor;
import dev.factorgate.factor.email.EmailCodes;
import dev.factorgate.factor.recovery.RecoveryCodeStore;
import dev.factorgate.factor.recovery.RecoveryCodes;
import dev.factorgate.factor.totp.TotpAlgorithm;
import dev.factorgate.factor.totp.TotpParameters;
import dev.factorgate.factor.totp.TotpVerifier;
import dev.factorgate.store.PipelinedTransaction;
import dev.factorgate.store.SealedColumn;
import dev.factorgate.web.HttpProblem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies a second factor for an account — at a challenge or a step-up — under throttling that
 * cannot be farmed: a per-IP limit on refused attempts, then, holding the account's lock (shared by
 * every instance), the delay or lock check, the code check (TOTP with the replay-safe step update,
 * or a single-use recovery code), and the failure count. Every failure gets the same answer; the
 * cause goes to the log and audit.
 */
public final class SecondFactors {

  private static final Logger LOG = LoggerFactory.getLogger(SecondFactors.class);

  /** A successful verification: which method, and which factor (null for a recovery code). */
  public record Verified(String method, UUID factorId) {}

  /** What the transaction found, committed before the answer is chosen. */
  private record Attempt(Verified verified, String cause, Throttle.Verdict blocked, Long retryAfter) {}

  private final Services services;
  private final FactorStore factors = new FactorStore();
  private final ThrottleStore throttles = new ThrottleStore();
  private final RecoveryCodeStore recovery = new RecoveryCodeStore();
  private final RecoveryCodes codes;
  private final EmailCodes emailCodes;
  private final Throttle throttle;
  private final AuditLog audit;
  private final Counters challenges;

  public SecondFactors(Services services, RecoveryCodes codes, EmailCodes emailCodes) {
    this.services = services;
    this.codes = codes;
    this.emailCodes = emailCodes;
    this.throttle = new Throttle(services.config().policy().lockout());
    this.audit = new AuditLog(services.instanceId());
    this.challenges = new Counters(services.metrics(), "factorgate_challenges_total",
        "Second-factor verifications by factor and outcome", "factor", "outcome");
  }

  /** The uniform answer to a wrong, replayed or malformed code. */
  public static HttpProblem failed() {
    return new HttpProblem(401, "challenge-failed", "Authentication failed", "The code was not accepted. Please check it and try again.");
  }

  /**
   * What a verified code leads to, in the verification's transaction: writes the success's audit
   * entry {@code success} (alone, or merged into its own) and whatever else the success means.
   */
  @FunctionalInterface
  public interface Then<T> {
    Future<T> apply(SqlConnection tx, Verified verified, AuditLog.Entry success);

    /** Whether {@link #applyWithStep} is implemented. */
    default boolean fusesStep() {
      return false;
    }

    /**
     * For a TOTP code that matched {@code verified.factorId()} at {@code step}: the replay guard's
     * conditional step update and {@link #apply} in one statement, which writes nothing else when
     * the step is refused (a replay). Only called when {@link #fusesStep} says so.
     */
    default Future<Stepped<T>> applyWithStep(SqlConnection tx, Verified verified, long step, AuditLog.Entry success) {
      throw new UnsupportedOperationException("applyWithStep");
    }
  }

  /** What {@link Then#applyWithStep} did: whether the step was accepted, and then its value. */
  public record Stepped<T>(boolean accepted, T value) {}

  /**
   * Verifies {@code method}/{@code code} for the account; fails with an {@link HttpProblem}. An
   * email code is the one sent for this pending login ({@code pendingId}), or for a step-up.
   */
  public Future<Verified> verify(long accountId, String userId, String method, String code, String ip, String purpose, UUID pendingId) {
    return verifyThen(accountId, userId, method, code, ip, purpose, pendingId, (tx, v, success) -> audit.record(tx, success).map(v));
  }

  /**
   * {@link #verify}, and on success {@code then} in the same transaction (completing a held login,
   * say): one transaction and one commit for the whole attempt. {@code BEGIN}, the account's lock,
   * its throttle state, the IP's count of refused attempts and the account's TOTP factors go in one
   * round trip (pipelined). A refusal commits too: the IP count, the failure count and the audit
   * entry. {@code then} is not called on a refusal; its own result may be null.
   */
  public <T> Future<T> verifyThen(long accountId, String userId, String method, String code, String ip, String purpose, UUID pendingId,
                                  Then<T> then) {
    if (!"totp".equals(method) && !"recovery".equals(method) && !"email".equals(method)) {
      return Future.failedFuture(HttpProblem.badRequest("method must be one of totp, recovery, email"));
    }
    Instant now = services.clock().instant();
    Instant window = now.truncatedTo(ChronoUnit.MINUTES);
    EmailCodes.Binding binding = new EmailCodes.Binding(accountId, "challenge".equals(purpose) ? "login" : "step_up", null, pendingId);
    Future<Outcome<T>> done = PipelinedTransaction.run(services.pool(), tx -> {
      // sent together behind BEGIN; PostgreSQL runs them in this order: lock the account, read its
      // throttle state, the IP's refusals and the factors
      Future<ThrottleStore.State> locked = throttles.lock(tx, accountId);
      Future<Integer> refusals = throttles.ipCount(tx, ip, window);
      Future<List<Factor>> totp = "totp".equals(method) ? factors.activeTotp(tx, accountId) : Future.succeededFuture(List.of());
      Future<T> result = Future.all(locked, refusals, totp).compose(all -> {
        if (refusals.result() >= services.config().policy().lockout().perIpPerMinute()) {
          long retry = Math.max(1, Duration.between(now, window.plus(Duration.ofMinutes(1))).toSeconds());
          count(method, "ip_limited");
          return Future.failedFuture(tooMany(retry));
        }
        ThrottleStore.State state = locked.result();
        AuditLog.Entry success = AuditLog.Entry.user(userId, purpose, "success", ip, new JsonObject().put("method", method));
        if ("totp".equals(method) && state.clean() && then.fusesStep()) {
          // the usual challenge: no delay to check, the code checked once, and then the replay
          // guard and what the success leads to in one statement
          Match m = match(totp.result(), code);
          if (m == null) {
            return countFailure(tx, accountId, now).compose(n -> this.<T>refuse(tx, noMatch(totp.result()), userId, method, ip, purpose, window));
          }
          return then.applyWithStep(tx, new Verified("totp", m.factor().id()), m.step(), success)
              .compose(st -> {
                if (st.accepted()) {
                  count(method, "success");
                  return Future.succeededFuture(st.value());
                }
                Attempt replay = new Attempt(null, "replay", null, null);
                return countFailure(tx, accountId, now).compose(n -> this.<T>refuse(tx, replay, userId, method, ip, purpose, window));
              });
        }
        return attempt(tx, accountId, method, code, now, binding, state, totp.result())
            .compose(a -> {
              if (a.verified() == null) {
                return refuse(tx, a, userId, method, ip, purpose, window);
              }
              count(method, "success");
              return then.apply(tx, a.verified(), success);
            });
      });
      // a refusal commits like a success (the IP count, the failure count, the audit entry)
      return result.<Outcome<T>>map(v -> new Outcome<>(v, null))
          .recover(e -> e instanceof HttpProblem ? Future.succeededFuture(new Outcome<>(null, e)) : Future.failedFuture(e));
    });
    return done.compose(o -> o.refusal() == null ? Future.succeededFuture(o.value()) : Future.failedFuture(o.refusal()));
  }

  /** The refusal, once counted for the IP and written to the audit log: fails with the answer. */
  private <T> Future<T> refuse(SqlConnection tx, Attempt a, String userId, String method, String ip, String purpose, Instant window) {
    Future<Integer> counted = throttles.ipHit(tx, ip, window);
    Future<Verified> refused = conclude(tx, a, userId, method, ip, purpose);
    return counted.compose(n -> refused).map(v -> (T) null);
  }

  /** What a verification transaction committed: a value, or the refusal to answer with. */
  private record Outcome<T>(T value, Throwable refusal) {}

  private Future<Attempt> attempt(SqlConnection tx, long accountId, String method, String code, Instant now, EmailCodes.Binding binding,
                                  ThrottleStore.State state, List<Factor> totpFactors) {
    Throttle.Verdict v = throttle.check(state.failures(), state.nextAttemptAt(), state.lockedAt(), now, "recovery".equals(method));
    if (!v.allowed()) {
      return Future.succeededFuture(new Attempt(null, v.locked() ? "locked" : "delayed", v, v.retryAfterSeconds()));
    }
    Future<Attempt> checked =
        switch (method) {
          case "totp" -> totp(tx, totpFactors, code, now);
          case "email" -> emailCodes.verify(tx, binding, code).map(c -> c == EmailCodes.Check.OK
              ? new Attempt(new Verified("email", null), null, null, null)
              : new Attempt(null, "email_" + c.name().toLowerCase(java.util.Locale.ROOT), null, null));
          default -> recoveryCode(tx, accountId, code);
        };
    return checked.compose(
        a -> {
          if (a.verified() != null) {
            // nothing to reset on a clean throttle row (the usual case): no statement, no write
            return state.clean() ? Future.succeededFuture(a) : throttles.reset(tx, accountId).map(a);
          }
          return countFailure(tx, accountId, now).map(a);
        });
  }

  /** One more consecutive failure for the account, and the delay or lock it leads to. */
  private Future<Void> countFailure(SqlConnection tx, long accountId, Instant now) {
    return throttles
        .fail(tx, accountId)
        .compose(
            n -> {
              Duration d = throttle.delayAfter(n);
              Instant next = d.isZero() ? null : now.plus(d);
              Instant lockedAt = throttle.locks(n) ? now : null;
              return throttles.delay(tx, accountId, next, lockedAt);
            });
  }

  /** A TOTP code that matched a factor at a step, before the replay guard has accepted the step. */
  private record Match(Factor factor, long step) {}

  private Match match(List<Factor> list, String raw) {
    String code = TotpVerifier.normalise(raw);
    for (Factor f : list) {
      byte[] secret = services.secretBox().open(f.secret(), SealedColumn.FACTOR_SECRET, f.id());
      OptionalLong step = verifier(f).verify(secret, code);
      java.util.Arrays.fill(secret, (byte) 0);
      if (step.isPresent()) {
        return new Match(f, step.getAsLong());
      }
    }
    return null;
  }

  private static Attempt noMatch(List<Factor> list) {
    return new Attempt(null, list.isEmpty() ? "no_totp_factor" : "wrong_code", null, null);
  }

  private Future<Attempt> totp(SqlConnection tx, List<Factor> list, String raw, Instant now) {
    Match m = match(list, raw);
    if (m == null) {
      return Future.succeededFuture(noMatch(list));
    }
    return factors
        .acceptStep(tx, m.factor().id(), m.step(), now)
        .map(ok -> ok ? new Attempt(new Verified("totp", m.factor().id()), null, null, null) : new Attempt(null, "replay", null, null));
  }

  private Future<Attempt> recoveryCode(SqlConnection tx, long accountId, String raw) {
    String code = RecoveryCodes.normalise(raw);
    if (code == null) {
      return Future.succeededFuture(new Attempt(null, "malformed_code", null, null));
    }
    return recovery
        .use(tx, accountId, codes.candidates(code))
        .map(ok -> ok ? new Attempt(new Verified("recovery", null), null, null, null) : new Attempt(null, "wrong_code", null, null));
  }

  /** A verifier for a factor's own parameters and the configured window. */
  public TotpVerifier verifier(Factor f) {
    return new TotpVerifier(
        services.clock(),
        new TotpParameters(TotpAlgorithm.valueOf(f.algorithm()), f.digits(), f.period(), services.config().totp().window()));
  }

  /** Audits a refusal and fails with the answer the client gets. */
  private Future<Verified> conclude(SqlConnection tx, Attempt a, String userId, String method, String ip, String purpose) {
    String outcome = a.blocked() != null ? (a.blocked().locked() ? "locked" : "delayed") : "failure";
    count(method, outcome);
    JsonObject detail = new JsonObject().put("method", method);
    if (a.cause() != null) {
      detail.put("cause", a.cause());
      LOG.info("{} for {} refused: {}", purpose, userId, a.cause());
    }
    HttpProblem answer =
        a.blocked() == null
            ? failed()
            : a.blocked().locked()
                ? new HttpProblem(429, "account-locked", "Too many attempts",
                    "Too many wrong codes: this account is locked. Use a recovery code or contact support.")
                : tooMany(a.retryAfter());
    return audit.record(tx, AuditLog.Entry.user(userId, purpose, outcome, ip, detail)).compose(v -> Future.failedFuture(answer));
  }

  private static HttpProblem tooMany(long retryAfter) {
    return new HttpProblem(429, "too-many-attempts", "Too many attempts",
        "Too many attempts. Please wait " + retryAfter + " seconds and try again.", Map.of("Retry-After", Long.toString(retryAfter)));
  }

  private void count(String factor, String outcome) {
    challenges.increment(factor, outcome);
  }

}
