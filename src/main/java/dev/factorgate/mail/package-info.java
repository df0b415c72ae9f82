/**
 * Outgoing mail: the {@link dev.factorgate.mail.Mailer} interface used for campaign notices and
 * email codes, sent by SMTP ({@link dev.factorgate.mail.SmtpMailer}) or written as {@code .eml}
 * files for development ({@link dev.factorgate.mail.OutboxMailer}). Header values are checked here,
 * once, so that no caller can inject a header; logs name a masked recipient, never a body.
 */
package dev.factorgate.mail;
