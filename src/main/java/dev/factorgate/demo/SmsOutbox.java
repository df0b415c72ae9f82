package dev.factorgate.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for an SMS provider: every code the demo site "sends" is appended to
 * {@code <outboxDir>/sms.log} as one line {@code <ISO-8601 instant> <E.164 phone> <code>}.
 *
 * <p>A person trying the quickstart reads the code from that file; tests use
 * {@link #lastCode(String)}. The application log only says that a code was written, never the
 * code itself, because logs travel further than a local outbox file.
 */
public final class SmsOutbox {

  /** File name inside the outbox directory. */
  public static final String FILE_NAME = "sms.log";

  private static final Logger LOG = LoggerFactory.getLogger(SmsOutbox.class);

  private final Path file;
  private final Clock clock;
  private final Map<String, String> lastCodes = new ConcurrentHashMap<>();
  private final Object appendLock = new Object();

  /**
   * An outbox writing into the given directory.
   *
   * @param outboxDir directory for {@value #FILE_NAME}; created on the first send
   */
  public SmsOutbox(Path outboxDir) {
    this(outboxDir, Clock.systemUTC());
  }

  SmsOutbox(Path outboxDir, Clock clock) {
    this.file = Objects.requireNonNull(outboxDir, "outboxDir").resolve(FILE_NAME);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The file codes are appended to.
   *
   * @return {@code <outboxDir>/sms.log}
   */
  public Path file() {
    return file;
  }

  /**
   * The most recent code successfully written for a phone. Meant for tests and demos that need
   * to "read the SMS"; it reports what was sent, not whether the code is still valid.
   *
   * @param e164Phone phone in E.164, e.g. {@code +8613800138000}
   * @return the last code written for that phone, if any
   */
  public Optional<String> lastCode(String e164Phone) {
    return e164Phone == null ? Optional.empty() : Optional.ofNullable(lastCodes.get(e164Phone));
  }

  /**
   * Appends one line to the outbox file. The write runs on a worker thread: it is small, but a
   * slow disk must not stall the event loop that serves every other request.
   *
   * @param vertx the Vert.x instance to run the blocking append on
   * @param e164  phone in E.164
   * @param code  the code
   * @return completes once the line is on disk
   */
  Future<Void> deliver(Vertx vertx, String e164, String code) {
    String line = clock.instant() + " " + e164 + " " + code + "\n";
    return vertx.<Void>executeBlocking(() -> {
      append(line);
      return null;
    }).onSuccess(v -> {
      lastCodes.put(e164, code);
      LOG.info("SMS to {}: code written to {}", PhoneNumbers.mask(e164), file);
    }).onFailure(e -> LOG.error("SMS to {}: could not write to {}", PhoneNumbers.mask(e164),
        file, e));
  }

  private void append(String line) throws IOException {
    // One lock for all verticle instances sharing this outbox, so lines never interleave.
    synchronized (appendLock) {
      Path dir = file.getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      Files.writeString(file, line, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }
  }
}
