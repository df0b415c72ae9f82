package dev.factorgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.store.MasterKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream savedOut;
  private PrintStream savedErr;

  @BeforeEach
  void capture() {
    savedOut = System.out;
    savedErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(savedOut);
    System.setErr(savedErr);
  }

  @Test
  void checkConfigListsEveryProblemAndExitsWith2(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "totp: { period: 10 }\nserver: { prefix: nope }\n");
    int status = FactorgateCommand.run("check-config", "--config", bad.toString());
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("2 configuration problem(s)")
        .contains("totp.period must be ≥ 15, is 10")
        .contains("server.prefix must be a path");
  }

  @Test
  void theConfigurationMayBeNamedBeforeTheCommand(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "totp: { period: 10 }\n");
    assertThat(FactorgateCommand.run("--config", bad.toString(), "check-config")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("totp.period must be ≥ 15, is 10");
    err.reset();
    assertThat(FactorgateCommand.run("--config=" + bad, "check-config")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("totp.period must be ≥ 15, is 10").doesNotContain("Unknown option");
    assertThat(FactorgateCommand.run("--config", "conf/factorgate.yaml", "check-config")).isZero();
  }

  @Test
  void checkConfigAcceptsTheShippedFile() {
    assertThat(FactorgateCommand.run("check-config", "--config", "conf/factorgate.yaml")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("configuration is valid");
  }

  @Test
  void anExternalDatabaseWithoutMasterKeyIsRefused(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("ext.yaml");
    Files.writeString(conf, "database: { url: 'postgresql://fg@127.0.0.1:1/fg' }\n");
    assertThat(FactorgateCommand.run("check-config", "--config", conf.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("No master key");
  }

  @Test
  void keysGeneratePrintsAUsableKey() {
    assertThat(FactorgateCommand.run("keys", "generate")).isZero();
    String line = out.toString(StandardCharsets.UTF_8).trim();
    assertThat(MasterKeys.parse(line, "generated").current().getEncoded()).hasSize(32);
  }
}
