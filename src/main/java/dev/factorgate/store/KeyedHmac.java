package dev.factorgate.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 for codes that are stored only as a keyed hash (recovery codes, email codes). The
 * key is derived from each master key and a purpose label, so a code hashed under an older key
 * still verifies after a rotation, and the purposes never share a key.
 */
public final class KeyedHmac {

  private final List<byte[]> keys;

  public KeyedHmac(MasterKeys masterKeys, String purpose) {
    byte[] label = ("factorgate " + purpose).getBytes(StandardCharsets.US_ASCII);
    List<byte[]> derived = new ArrayList<>();
    derived.add(hmac(masterKeys.current().getEncoded(), label));
    for (String kid : masterKeys.ids()) {
      if (!kid.equals(masterKeys.currentId())) {
        derived.add(hmac(masterKeys.get(kid).getEncoded(), label));
      }
    }
    this.keys = List.copyOf(derived);
  }

  /** The stored form under the current key. */
  public byte[] hash(String text) {
    return hmac(keys.get(0), text.getBytes(StandardCharsets.UTF_8));
  }

  /** The hash under every known key, current first. */
  public List<byte[]> candidates(String text) {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    List<byte[]> out = new ArrayList<>(keys.size());
    for (byte[] k : keys) {
      out.add(hmac(k, data));
    }
    return out;
  }

  /** True when {@code stored} is the hash of {@code text} under any known key; constant time per key. */
  public boolean matches(String text, byte[] stored) {
    boolean match = false;
    for (byte[] c : candidates(text)) {
      match |= MessageDigest.isEqual(c, stored);
    }
    return match;
  }

  /** One Mac per thread, re-keyed per use: {@code getInstance} is a provider look-up each time. */
  private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  });

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = MAC.get();
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
