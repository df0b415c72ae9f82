package dev.factorgate.mail;

import dev.factorgate.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends by SMTP with vertx-mail-client, configured from {@code email.smtp}; the password comes from
 * {@code FACTORGATE_SMTP_PASSWORD}. Every send is bounded by {@code email.send_timeout}, so a stuck
 * server turns into a failed future rather than a request (or a notice batch) that never ends.
 */
public final class SmtpMailer implements Mailer {

  private static final Logger LOG = LoggerFactory.getLogger(SmtpMailer.class);

  private final MailClient client;
  private final String from;
  private final long timeoutMs;

  public SmtpMailer(Vertx vertx, GatewayConfig.Smtp smtp, String password, Duration sendTimeout) {
    this.timeoutMs = sendTimeout.toMillis();
    this.from = smtp.from();
    MailConfig config =
        new MailConfig()
            .setHostname(smtp.host())
            .setPort(smtp.port())
            .setStarttls(starttls(smtp.starttls()))
            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs))
            .setKeepAlive(true)
            .setMaxPoolSize(8);
    if (smtp.username() == null || smtp.username().isBlank()) {
      config.setLogin(LoginOption.DISABLED);
    } else {
      config.setLogin(LoginOption.REQUIRED).setUsername(smtp.username()).setPassword(password);
    }
    this.client = MailClient.create(vertx, config);
  }

  static StartTLSOptions starttls(String value) {
    return switch (value == null ? "optional" : value) {
      case "required" -> StartTLSOptions.REQUIRED;
      case "disabled" -> StartTLSOptions.DISABLED;
      default -> StartTLSOptions.OPTIONAL;
    };
  }

  @Override
  public Future<Void> send(Mail mail) {
    MailMessage message =
        new MailMessage().setFrom(from).setTo(mail.to()).setSubject(mail.subject()).setText(mail.text());
    if (mail.html() != null) {
      message.setHtml(mail.html());
    }
    return client
        .sendMail(message)
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .onSuccess(r -> LOG.info("mail to {} accepted by the SMTP server", Addresses.mask(mail.to())))
        .onFailure(e -> LOG.warn("mail to {} not sent: {}", Addresses.mask(mail.to()), e.getClass().getSimpleName()))
        .mapEmpty();
  }
}
