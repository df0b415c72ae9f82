package dev.factorgate.support;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An authenticator app for tests, written independently of the production TOTP code: base32
 * decoding and RFC 6238 (HMAC-SHA1, 6 digits, 30 s) from the RFCs' own descriptions.
 */
public final class Otp {

  private Otp() {}

  public static String code(String base32, Instant at) {
    try {
      byte[] key = decode(base32);
      long step = at.getEpochSecond() / 30;
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "HmacSHA1"));
      byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
      int o = h[h.length - 1] & 0x0f;
      int bin = ((h[o] & 0x7f) << 24) | ((h[o + 1] & 0xff) << 16) | ((h[o + 2] & 0xff) << 8) | (h[o + 3] & 0xff);
      return String.format(Locale.ROOT, "%06d", bin % 1_000_000);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] decode(String base32) {
    String s = base32.replace(" ", "").replace("=", "").toUpperCase(Locale.ROOT);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int buffer = 0;
    int bits = 0;
    for (char c : s.toCharArray()) {
      int v = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".indexOf(c);
      if (v < 0) {
        throw new IllegalArgumentException("not base32");
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out.write((buffer >> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    return out.toByteArray();
  }

  /** The secret of an otpauth:// URI. */
  public static String secretOf(String otpauthUri) {
    int i = otpauthUri.indexOf("secret=");
    int end = otpauthUri.indexOf('&', i);
    return otpauthUri.substring(i + 7, end < 0 ? otpauthUri.length() : end);
  }
}
