package dev.factorgate.mail;

import io.vertx.core.Future;

/**
 * Sends one mail. The future fails when the message was not accepted (connection refused,
 * rejected by the server, timed out); callers decide whether to retry. Implementations never log a
 * body or a full address.
 */
public interface Mailer {

  Future<Void> send(Mail mail);
}
