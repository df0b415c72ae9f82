package dev.factorgate.factor.recovery;

import dev.factorgate.store.MasterKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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
  private static final byte[] LABEL = "factorgate recovery codes v1".getBytes(StandardCharsets.US_ASCII);

  private final List<byte[]> keys;

  public RecoveryCodes(MasterKeys masterKeys) {
    List<byte[]> derived = new ArrayList<>();
    derived.add(derive(masterKeys.current().getEncoded()));
    for (String kid : masterKeys.ids()) {
      if (!kid.equals(masterKeys.currentId())) {
        derived.add(derive(masterKeys.get(kid).getEncoded()));
      }
    }
    this.keys = List.copyOf(derived);
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
    return hmac(keys.get(0), normalised);
  }

  /** The code's HMAC under every known key (current first), for lookup after a rotation. */
  public List<byte[]> candidates(String normalised) {
    List<byte[]> out = new ArrayList<>(keys.size());
    for (byte[] k : keys) {
      out.add(hmac(k, normalised));
    }
    return out;
  }

  private static byte[] derive(byte[] master) {
    return hmac(master, LABEL);
  }

  private static byte[] hmac(byte[] key, String text) {
    return hmac(key, text.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
