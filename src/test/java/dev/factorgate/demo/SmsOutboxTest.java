package dev.factorgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The outbox file format, and that the application log never carries the code. */
class SmsOutboxTest {

  @TempDir
  Path dir;

  private Vertx vertx;
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(SmsOutbox.class);
  private Level previousLevel;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    previousLevel = logger.getLevel();
    logger.setLevel(Level.INFO);
    // Keep these messages out of the console: the test reads them from the list instead.
    logger.setAdditive(false);
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void tearDown() throws Exception {
    logger.detachAppender(logged);
    logger.setLevel(previousLevel);
    logger.setAdditive(true);
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void appendsOneLinePerCodeInNestedDirectories() throws Exception {
    Path outboxDir = dir.resolve("var").resolve("outbox");
    Clock fixed = Clock.fixed(Instant.parse("2025-03-04T05:06:07Z"), ZoneOffset.UTC);
    SmsOutbox outbox = new SmsOutbox(outboxDir, fixed);

    deliver(outbox, "+8613800138000", "123456");
    deliver(outbox, "+14155550123", "654321");
    deliver(outbox, "+8613800138000", "000042");

    assertThat(Files.readAllLines(outboxDir.resolve("sms.log"))).containsExactly(
        "2025-03-04T05:06:07Z +8613800138000 123456",
        "2025-03-04T05:06:07Z +14155550123 654321",
        "2025-03-04T05:06:07Z +8613800138000 000042");
    assertThat(outbox.lastCode("+8613800138000")).hasValue("000042");
    assertThat(outbox.lastCode("+14155550123")).hasValue("654321");
    assertThat(outbox.lastCode("+8613900139000")).isEmpty();
    assertThat(outbox.lastCode(null)).isEmpty();
  }

  @Test
  void logNamesMaskedPhoneAndFileButNotTheCode() throws Exception {
    SmsOutbox outbox = new SmsOutbox(dir);

    deliver(outbox, "+8613800138000", "987654");

    List<String> messages = logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(messages).containsExactly(
        "SMS to +86138****8000: code written to " + dir.resolve("sms.log"));
    assertThat(messages.get(0)).doesNotContain("987654");
  }

  @Test
  void aFailedWriteIsReportedAndRecordsNoCode() throws Exception {
    Path notADirectory = dir.resolve("file");
    Files.writeString(notADirectory, "x");
    SmsOutbox outbox = new SmsOutbox(notADirectory);

    Throwable failure = outbox.deliver(vertx, "+8613800138000", "111111")
        .toCompletionStage().toCompletableFuture()
        .handle((v, e) -> e).get(30, TimeUnit.SECONDS);

    assertThat(failure).isNotNull();
    assertThat(outbox.lastCode("+8613800138000")).isEmpty();
  }

  private void deliver(SmsOutbox outbox, String phone, String code) throws Exception {
    outbox.deliver(vertx, phone, code).toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
  }
}
