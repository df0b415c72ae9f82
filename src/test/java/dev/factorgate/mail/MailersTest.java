package dev.factorgate.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.factorgate.config.GatewayConfig;
import dev.factorgate.support.TestConfig;
import io.vertx.core.Vertx;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The mail transports against a real SMTP server (GreenMail) and a real directory. */
class MailersTest {

  // A free port, not GreenMail's fixed 3025: other builds on the same machine use that one too.
  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("fg", "smtp-pass"));

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private static GatewayConfig.Email email(String smtp, String extra) {
    return TestConfig.parse(TestConfig.yaml(1) + "email:\n  smtp: " + smtp + "\n" + extra).email();
  }

  @Test
  void smtpDeliversAChineseSubjectAndTextWithLogin() throws Exception {
    GatewayConfig.Email config = email("{ host: 127.0.0.1, port: " + SMTP.getSmtp().getPort()
        + ", starttls: optional, username: fg, from: \"factorgate <no-reply@example.com>\" }", "");
    Mailer mailer = Mailers.create(vertx, config, "smtp-pass", Clock.systemUTC());
    assertThat(mailer).isInstanceOf(SmtpMailer.class);
    mailer.send(new Mail("alice@example.com", "保护您的账户 / Protect your account", "第一行\nline two 123456\n", null)).await();
    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(1);
    assertThat(received[0].getSubject()).isEqualTo("保护您的账户 / Protect your account");
    assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo("alice@example.com");
    assertThat(received[0].getFrom()[0].toString()).contains("no-reply@example.com");
    assertThat(GreenMailUtil.getBody(received[0])).contains("123456");
  }

  @Test
  void aWrongPasswordFailsTheSend() {
    GatewayConfig.Email config = email("{ host: 127.0.0.1, port: " + SMTP.getSmtp().getPort() + ", starttls: disabled, username: fg }", "");
    Mailer mailer = Mailers.create(vertx, config, "wrong", Clock.systemUTC());
    assertThatThrownBy(() -> mailer.send(new Mail("a@example.com", "s", "t", null)).await()).isNotNull();
    assertThat(SMTP.getReceivedMessages()).isEmpty();
  }

  @Test
  void aServerThatNeverAnswersFailsWithinTheSendTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) {
      Thread acceptor = new Thread(() -> {
        try (Socket s = silent.accept()) {
          Thread.sleep(10_000);
        } catch (IOException | InterruptedException ignored) {
          // the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      GatewayConfig.Email config = email("{ host: 127.0.0.1, port: " + silent.getLocalPort() + " }", "  send_timeout: 1s\n");
      Mailer mailer = Mailers.create(vertx, config, null, Clock.systemUTC());
      long start = System.nanoTime();
      assertThatThrownBy(() -> mailer.send(new Mail("a@example.com", "s", "t", null)).await()).isNotNull();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void theOutboxGetsACompleteEmlFile(@TempDir Path dir) throws Exception {
    GatewayConfig.Email config = email("{ from: \"factorgate <no-reply@localhost>\" }", "  outbox_dir: " + dir.resolve("outbox") + "\n");
    Mailer mailer = Mailers.create(vertx, config, null, Clock.systemUTC());
    assertThat(mailer).isInstanceOf(OutboxMailer.class);
    mailer.send(new Mail("bob@example.com", "您的验证码 / Your code", "Code: 654321\n代码", null)).await();
    mailer.send(new Mail("carol@example.com", "Plain", "text part", "<p>html part</p>")).await();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir.resolve("outbox"))) {
      files = s.sorted().toList();
    }
    assertThat(files).hasSize(2).allMatch(p -> p.getFileName().toString().endsWith(".eml"));
    String first = files.stream().map(MailersTest::read).filter(t -> t.contains("bob@")).findFirst().orElseThrow();
    assertThat(first).contains("To: bob@example.com\r\n").contains("From: factorgate <no-reply@localhost>\r\n")
        .contains("Subject: =?UTF-8?B?").contains("Content-Type: text/plain; charset=UTF-8").contains("Code: 654321\r\n代码");
    MimeMessage parsed = new MimeMessage(null, new java.io.ByteArrayInputStream(first.getBytes(StandardCharsets.UTF_8)));
    assertThat(parsed.getSubject()).isEqualTo("您的验证码 / Your code");
    String second = files.stream().map(MailersTest::read).filter(t -> t.contains("carol@")).findFirst().orElseThrow();
    assertThat(second).contains("multipart/alternative").contains("text part");
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void headerInjectionIsRefusedBeforeAnythingIsSent() {
    for (String to : new String[] {"a@example.com\r\nBcc: x@evil.test", "a@example.com\nBcc: x@evil.test", "A <a@example.com>",
        "a@example.com, b@example.com", "a b@example.com", "", "nobody", "a@b", "a@@example.com", ".a@example.com", null}) {
      assertThatThrownBy(() -> new Mail(to, "s", "t", null)).as(String.valueOf(to)).isInstanceOf(RuntimeException.class);
    }
    for (String subject : new String[] {"a\r\nBcc: x@evil.test", "a\nb", "a\rb", "", "x".repeat(251)}) {
      assertThatThrownBy(() -> new Mail("a@example.com", subject, "t", null)).as(subject).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(new Mail("王@例子.中国", "s", "t", null).to()).isEqualTo("王@例子.中国");
    assertThat(new Mail("dev@localhost", "s", "t", null).toString()).doesNotContain("dev@").contains("d***@localhost");
    assertThat(Addresses.mask("alice@example.com")).isEqualTo("a***@example.com");
  }
}
