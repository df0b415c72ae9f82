package dev.factorgate.mail;

import dev.factorgate.config.GatewayConfig;
import io.vertx.core.Vertx;
import java.time.Clock;

/** Chooses the transport: the outbox directory when {@code email.outbox_dir} is set, else SMTP. */
public final class Mailers {

  private Mailers() {}

  public static Mailer create(Vertx vertx, GatewayConfig.Email email, String smtpPassword, Clock clock) {
    if (email.outboxDir() != null) {
      return new OutboxMailer(vertx, email.outboxDir(), email.smtp().from(), clock);
    }
    return new SmtpMailer(vertx, email.smtp(), smtpPassword, email.sendTimeout());
  }
}
