package dev.factorgate.factor.email;

import dev.factorgate.Counters;
import dev.factorgate.Services;
import dev.factorgate.mail.Mailer;
import dev.factorgate.store.KeyedHmac;
import dev.factorgate.web.HttpProblem;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Email codes: six digits, stored only as an HMAC, valid {@code email.code_ttl}, single-use, bound
 * to the pending login or factor that asked, at most five attempts. A new code replaces the old
 * one only once it was actually sent, and it inherits the old one's attempt count, so asking again
 * never buys more guesses. Sends are rate-limited per account and per address.
 */
public final class EmailCodes {

  private static final Logger LOG = LoggerFactory.getLogger(EmailCodes.class);

  /** Attempts per code (and per binding, across resends). */
  public static final int MAX_ATTEMPTS = 5;
  private static final Duration RESEND_GAP = Duration.ofSeconds(30);
  private static final int PER_ACCOUNT_PER_HOUR = 10;
  private static final int PER_ADDRESS_PER_HOUR = 10;

  /** What a code is bound to. */
  public record Binding(long accountId, String purpose, UUID factorId, UUID pendingId) {}

  /** The verdict on a typed code. */
  public enum Check { OK, WRONG, NONE, EXHAUSTED }

  private final Services services;
  private final Mailer mailer;
  private final KeyedHmac hmac;
  private final EmailCodeStore store = new EmailCodeStore();
  private final Counters mailed;

  public EmailCodes(Services services, Mailer mailer) {
    this.services = services;
    this.mailed = new Counters(services.metrics(), "factorgate_email_codes_total", "Email codes mailed, by purpose and outcome", "purpose", "outcome");
    this.mailer = mailer;
    this.hmac = new KeyedHmac(services.masterKeys(), "email codes v1");
  }

  /**
   * Sends a new code for a binding to an address. Fails with 429 when asked too often, and with 503
   * (nothing stored, the old code still valid) when the mail could not be sent.
   */
  public Future<Void> send(Binding b, String address) {
    Instant now = services.clock().instant();
    return store.recent(services.pool(), b.accountId(), address, now.minus(Duration.ofHours(1)))
        .compose(r -> {
          if (r.latest() != null && r.latest().plus(RESEND_GAP).isAfter(now)) {
            long wait = Math.max(1, Duration.between(now, r.latest().plus(RESEND_GAP)).toSeconds());
            return Future.failedFuture(tooSoon(wait));
          }
          if (r.byAccount() >= PER_ACCOUNT_PER_HOUR || r.byAddress() >= PER_ADDRESS_PER_HOUR) {
            return Future.failedFuture(tooSoon(3600));
          }
          String code = String.format(Locale.ROOT, "%06d", services.random().nextInt(1_000_000));
          UUID id = UUID.randomUUID();
          Duration ttl = services.config().email().codeTtl();
          return store.insert(services.pool(), id, b.accountId(), b.purpose(), b.factorId(), b.pendingId(), address,
                  hmac.hash(code), now, now.plus(ttl))
              .compose(v -> deliver(EmailMessages.code(address, code, b.purpose(), ttl.toMinutes()))
                  .onComplete(ar -> count(b.purpose(), ar.succeeded() ? "sent" : "failed")))
              .compose(
                  v -> store.sent(services.pool(), id, b.accountId(), b.purpose(), b.factorId(), b.pendingId(), services.clock().instant()),
                  e -> store.dropUnsent(services.pool(), id).transform(x -> Future.failedFuture(
                      new HttpProblem(503, "email-not-sent", "Email not sent",
                          "The email could not be sent right now. Please try again in a moment.", Map.of("Retry-After", "30")))));
        });
  }

  /** Sends with one retry; the whole attempt stays within {@code email.send_timeout}. */
  private Future<Void> deliver(dev.factorgate.mail.Mail mail) {
    return mailer.send(mail).recover(e -> {
      LOG.warn("email code to {} not sent ({}); retrying once", dev.factorgate.mail.Addresses.mask(mail.to()), e.getClass().getSimpleName());
      return mailer.send(mail);
    });
  }

  /** Checks a typed code within the caller's transaction; a wrong one uses up an attempt. */
  public Future<Check> verify(SqlConnection tx, Binding b, String raw) {
    Instant now = services.clock().instant();
    String code = raw == null ? null : raw.replace(" ", "").replace("-", "");
    return store.live(tx, b.accountId(), b.purpose(), b.factorId(), b.pendingId(), now)
        .compose(live -> {
          if (live == null) {
            return Future.succeededFuture(Check.NONE);
          }
          if (live.attempts() >= MAX_ATTEMPTS) {
            return Future.succeededFuture(Check.EXHAUSTED);
          }
          boolean ok = code != null && code.matches("[0-9]{6}") && hmac.matches(code, live.hmac());
          return ok
              ? store.consume(tx, live.id(), now).map(Check.OK)
              : store.fail(tx, live.id()).map(Check.WRONG);
        });
  }

  private void count(String purpose, String outcome) {
    mailed.increment(purpose, outcome);
  }

  private static HttpProblem tooSoon(long seconds) {
    return new HttpProblem(429, "email-too-soon", "Too many emails",
        "A code was sent a moment ago. Please wait before asking for another one.", Map.of("Retry-After", Long.toString(seconds)));
  }
}
