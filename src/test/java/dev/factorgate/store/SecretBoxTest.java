package dev.factorgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

  private final SecureRandom random = new SecureRandom();
  private final String oldLine = MasterKeys.generateLine(random).replaceFirst("^[^:]+", "old");
  private final String newLine = MasterKeys.generateLine(random).replaceFirst("^[^:]+", "new");
  private final SecretBox box = new SecretBox(MasterKeys.parse(oldLine, "test"), random);
  private final byte[] secret = "JBSWY3DPEHPK3PXP".getBytes(StandardCharsets.US_ASCII);

  @Test
  void roundTripsAndRecordsTheKeyId() {
    byte[] sealed = box.seal(secret, "factors", "secret", 42);
    assertThat(SecretBox.keyId(sealed)).isEqualTo("old");
    assertThat(sealed).startsWith(SecretBox.prefix("old"));
    assertThat(box.open(sealed, "factors", "secret", 42)).isEqualTo(secret);
    assertThat(box.open(sealed, SealedColumn.FACTOR_SECRET, 42)).isEqualTo(secret);
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("JBSWY3DP");
  }

  @Test
  void sealingTwiceGivesDifferentCiphertexts() {
    assertThat(box.seal(secret, "factors", "secret", 1)).isNotEqualTo(box.seal(secret, "factors", "secret", 1));
  }

  @Test
  void aTamperedCiphertextDoesNotOpen() {
    byte[] sealed = box.seal(secret, "factors", "secret", 42);
    sealed[sealed.length - 5] ^= 1;
    assertThatThrownBy(() -> box.open(sealed, "factors", "secret", 42)).isInstanceOf(SecretBox.SealException.class);
  }

  @Test
  void aCiphertextMovedToAnotherRowOrColumnDoesNotOpen() {
    byte[] sealed = box.seal(secret, "factors", "secret", 42);
    assertThatThrownBy(() -> box.open(sealed, "factors", "secret", 43)).isInstanceOf(SecretBox.SealException.class);
    assertThatThrownBy(() -> box.open(sealed, "pending_logins", "response", 42))
        .isInstanceOf(SecretBox.SealException.class);
  }

  @Test
  void anOldKeyStillOpensAfterANewCurrentKey() {
    byte[] sealedUnderOld = box.seal(secret, "factors", "secret", 7);
    SecretBox rotated = new SecretBox(MasterKeys.parse(newLine + "," + oldLine, "test"), random);
    assertThat(rotated.open(sealedUnderOld, "factors", "secret", 7)).isEqualTo(secret);
    assertThat(rotated.isCurrent(sealedUnderOld)).isFalse();
    byte[] sealedUnderNew = rotated.seal(secret, "factors", "secret", 7);
    assertThat(SecretBox.keyId(sealedUnderNew)).isEqualTo("new");
    assertThat(rotated.isCurrent(sealedUnderNew)).isTrue();
  }

  @Test
  void aCiphertextUnderARemovedKeyIsRefusedClearly() {
    byte[] sealed = box.seal(secret, "factors", "secret", 7);
    SecretBox other = new SecretBox(MasterKeys.parse(newLine, "test"), random);
    assertThatThrownBy(() -> other.open(sealed, "factors", "secret", 7)).hasMessageContaining("unknown key id old");
  }

  @Test
  void garbageIsNotACiphertext() {
    assertThatThrownBy(() -> box.open(new byte[] {9, 9, 9}, "t", "c", 1)).isInstanceOf(SecretBox.SealException.class);
    assertThatThrownBy(() -> box.open(new byte[] {1, 3, 'o', 'l', 'd'}, "t", "c", 1))
        .isInstanceOf(SecretBox.SealException.class);
  }
}
