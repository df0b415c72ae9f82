package dev.factorgate.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless CSRF tokens: a token is the HMAC of what the form acts on (the "binding", e.g. the
 * pending login's id or the session id plus the action), so it needs no storage, works on every
 * gateway instance that shares the master key, and cannot be replayed against another binding.
 *
 * <p>Thread-safe: a {@link Mac} is created per call, which costs microseconds and avoids sharing
 * mutable state between event loops.
 */
public final class Csrf {

  private static final String HMAC = "HmacSHA256";
  private static final byte[] KEY_LABEL = "factorgate csrf key v1".getBytes(StandardCharsets.UTF_8);
  /** Longer than any token we issue (43 characters); anything bigger is not worth hashing. */
  private static final int MAX_PRESENTED = 256;

  private final SecretKeySpec key;

  /**
   * @param key the HMAC key, normally from {@link #deriveKey}; copied, so the caller may wipe it
   * @throws IllegalArgumentException when the key is empty
   */
  public Csrf(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length == 0) {
      throw new IllegalArgumentException("CSRF key is empty");
    }
    this.key = new SecretKeySpec(key.clone(), HMAC);
  }

  /**
   * The CSRF key for a master key. Derived rather than the master key itself, so that the key
   * that encrypts factor secrets is never used for anything else.
   *
   * @throws IllegalArgumentException when the master key cannot be exported (e.g. held in an HSM)
   */
  public static byte[] deriveKey(SecretKey masterKey) {
    Objects.requireNonNull(masterKey, "masterKey");
    byte[] raw = masterKey.getEncoded();
    if (raw == null || raw.length == 0) {
      throw new IllegalArgumentException("master key has no raw encoding");
    }
    return hmac(new SecretKeySpec(raw, HMAC), KEY_LABEL);
  }

  /** The token for a binding: base64url, no padding, of HMAC-SHA256(key, "csrf:" + binding). */
  public String token(String binding) {
    Objects.requireNonNull(binding, "binding");
    byte[] mac = hmac(key, ("csrf:" + binding).getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
  }

  /**
   * Whether {@code presented} is the token for {@code binding}. Compared in constant time; false
   * for null, empty, oversized or malformed input, never an exception.
   */
  public boolean verify(String binding, String presented) {
    if (binding == null || presented == null || presented.isEmpty() || presented.length() > MAX_PRESENTED) {
      return false;
    }
    byte[] expected = token(binding).getBytes(StandardCharsets.US_ASCII);
    // UTF-8 so that non-ASCII garbage just compares unequal instead of being mangled into '?'.
    return MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] hmac(SecretKeySpec key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      // HmacSHA256 is required of every Java platform; reaching this is a broken JVM.
      throw new IllegalStateException(HMAC + " unavailable", e);
    }
  }
}
