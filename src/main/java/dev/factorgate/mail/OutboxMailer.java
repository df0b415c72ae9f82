package dev.factorgate.mail;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each mail as an RFC 5322 {@code .eml} file into {@code email.outbox_dir} instead of
 * sending it: the development setup, where there is no SMTP server and a developer reads codes and
 * notices from {@code var/outbox}. The body is 8-bit UTF-8 so that it stays readable with
 * {@code cat}; headers are ASCII, with encoded words for any other text.
 */
public final class OutboxMailer implements Mailer {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxMailer.class);
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Vertx vertx;
  private final Path dir;
  private final String from;
  private final Clock clock;

  public OutboxMailer(Vertx vertx, Path dir, String from, Clock clock) {
    this.vertx = vertx;
    this.dir = dir;
    this.from = from;
    this.clock = clock;
  }

  @Override
  public Future<Void> send(Mail mail) {
    String id = UUID.randomUUID().toString();
    String name = FILE_TIME.format(clock.instant()) + "-" + id + ".eml";
    byte[] bytes = render(mail, id).getBytes(StandardCharsets.UTF_8);
    // File I/O blocks; the write is made visible under its final name only once it is complete.
    return vertx
        .<Void>executeBlocking(
            () -> {
              Files.createDirectories(dir);
              Path tmp = dir.resolve("." + name + ".tmp");
              Files.write(tmp, bytes);
              try {
                Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
              } catch (IOException e) {
                Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
              }
              return null;
            },
            false)
        .onSuccess(v -> LOG.info("mail to {} written to the outbox as {}", Addresses.mask(mail.to()), name));
  }

  /** The whole message, CRLF line ends. */
  String render(Mail mail, String id) {
    StringBuilder m = new StringBuilder(1024 + mail.text().length());
    header(m, "From", from);
    header(m, "To", mail.to());
    header(m, "Subject", MimeWords.encode(mail.subject()));
    header(m, "Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atZone(ZoneOffset.UTC)));
    header(m, "Message-ID", "<" + id + "@factorgate.outbox>");
    header(m, "MIME-Version", "1.0");
    if (mail.html() == null) {
      header(m, "Content-Type", "text/plain; charset=UTF-8");
      header(m, "Content-Transfer-Encoding", "8bit");
      m.append("\r\n").append(crlf(mail.text()));
    } else {
      String boundary = "fg-" + id;
      header(m, "Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
      m.append("\r\n--").append(boundary).append("\r\n");
      m.append("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
      m.append(crlf(mail.text())).append("\r\n--").append(boundary).append("\r\n");
      m.append("Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n");
      m.append(Base64.getMimeEncoder().encodeToString(mail.html().getBytes(StandardCharsets.UTF_8)));
      m.append("\r\n--").append(boundary).append("--\r\n");
    }
    return m.toString();
  }

  private static void header(StringBuilder m, String name, String value) {
    m.append(name).append(": ").append(value).append("\r\n");
  }

  private static String crlf(String text) {
    String t = text.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
    return t.endsWith("\r\n") ? t : t + "\r\n";
  }
}
