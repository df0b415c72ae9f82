package dev.factorgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeysTest {

  private static final String KEY32 = Base64.getEncoder().encodeToString(new byte[32]);

  @Test
  void theFirstKeyIsCurrent() {
    MasterKeys k = MasterKeys.parse("b:" + KEY32 + ",a:" + KEY32, "env");
    assertThat(k.currentId()).isEqualTo("b");
    assertThat(k.ids()).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void aShortKeyIsRefusedWithItsLengthButNotItsValue() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> MasterKeys.parse("k1:" + shortKey, "FACTORGATE_MASTER_KEYS"))
        .hasMessage("FACTORGATE_MASTER_KEYS entry 1 (k1): the key must be 32 bytes (AES-256), is 16 bytes")
        .message()
        .doesNotContain(shortKey);
  }

  @Test
  void badEntriesAreNamed() {
    assertThatThrownBy(() -> MasterKeys.parse("", "env")).hasMessageContaining("is empty");
    assertThatThrownBy(() -> MasterKeys.parse(KEY32, "env")).hasMessageContaining("entry 1 has no key id");
    assertThatThrownBy(() -> MasterKeys.parse("k1:not*base64", "env")).hasMessageContaining("(k1): the key is not valid base64");
    assertThatThrownBy(() -> MasterKeys.parse("k*1:" + KEY32, "env")).hasMessageContaining("the key id must be");
    assertThatThrownBy(() -> MasterKeys.parse("a:" + KEY32 + ",a:" + KEY32, "env"))
        .hasMessageContaining("entry 2: key id a appears twice");
  }

  @Test
  void generatedLinesParse() {
    String line = MasterKeys.generateLine(new SecureRandom());
    assertThat(MasterKeys.parse(line, "gen").current().getEncoded()).hasSize(32);
  }

  @Test
  void theDevKeyIsCreatedOnceWithOwnerOnlyPermissions(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("var/master.keys");
    MasterKeys first = MasterKeys.devKey(file, new SecureRandom());
    MasterKeys again = MasterKeys.devKey(file, new SecureRandom());
    assertThat(again.currentId()).isEqualTo(first.currentId());
    assertThat(again.current().getEncoded()).isEqualTo(first.current().getEncoded());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }
}
