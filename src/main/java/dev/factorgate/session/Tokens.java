package dev.factorgate.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Bearer tokens (pending logins, sessions, one-time links): 256 random bits, base64url. Only the
 * SHA-256 of a token is stored, so a database dump does not contain usable tokens.
 */
public final class Tokens {

  private Tokens() {}

  public static String random(SecureRandom random) {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** The stored form of a token; null for input that cannot be a token. */
  public static byte[] hash(String token) {
    if (token == null || token.length() < 16 || token.length() > 128) {
      return null;
    }
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
