package dev.factorgate.factor.recovery;

import dev.factorgate.store.KeyedHmac;
import dev.factorgate.store.MasterKeys;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recovery codes: 10 codes of 80 random bits, written {@code abcd-efgh-ijkl-mnop} in a base32
 * alphabet without look-alikes' ambiguity (a–z, 2–7). Only an HMAC-SHA256 of each code is stored,
 * keyed by a key derived from each master key, so a code still verifies after a key rotation.
 */
public final class RecoveryCodes {

  /** How many codes one generation holds. */
  public static final int COUNT = 10;

  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final int LENGTH = 16; // 16 × 5 bits = 80 bits

  private final KeyedHmac hmac;

  public RecoveryCodes(MasterKeys masterKeys) {
    this.hmac = new KeyedHmac(masterKeys, "recovery codes v1");
  }

  /** A new generation of codes, as shown to the user once. */
  public static List<String> generate(SecureRandom random) {
    List<String> codes = new ArrayList<>(COUNT);
    for (int i = 0; i < COUNT; i++) {
      StringBuilder b = new StringBuilder(LENGTH + 3);
      for (int j = 0; j < LENGTH; j++) {
        if (j > 0 && j % 4 == 0) {
          b.append('-');
        }
        b.append(ALPHABET[random.nextInt(ALPHABET.length)]);
      }
      codes.add(b.toString());
    }
    return codes;
  }

  /**
   * The canonical form of a typed code (case, spaces and hyphens ignored), or null when it cannot
   * be a recovery code.
   */
  public static String normalise(String raw) {
    if (raw == null || raw.length() > 64) {
      return null;
    }
    StringBuilder b = new StringBuilder(LENGTH);
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == ' ' || c == '-') {
        continue;
      }
      char l = Character.toLowerCase(c);
      if (!((l >= 'a' && l <= 'z') || (l >= '2' && l <= '7'))) {
        return null;
      }
      b.append(l);
    }
    return b.length() == LENGTH ? b.toString().toLowerCase(Locale.ROOT) : null;
  }

  /** The stored form of a code under the current key. */
  public byte[] hmac(String normalised) {
    return hmac.hash(normalised);
  }

  /** The code's HMAC under every known key (current first), for lookup after a rotation. */
  public List<byte[]> candidates(String normalised) {
    return hmac.candidates(normalised);
  }
}
