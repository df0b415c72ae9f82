package dev.factorgate.admin;

import dev.factorgate.config.GatewayConfig.AdminToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The admin tokens an instance accepts: {@code admin.tokens} (stored as SHA-256, so the YAML file
 * holds nothing usable) and at most one plain token from {@code FACTORGATE_ADMIN_TOKEN}, named
 * {@code env}. A presented token is hashed and compared with every stored digest in constant time.
 */
public final class AdminTokens {

  /** Longest token looked at; anything longer is not one of ours and is not even hashed. */
  static final int MAX_TOKEN = 512;

  private record Known(String name, byte[] digest) {}

  private final List<Known> known;

  public AdminTokens(List<AdminToken> configured, String envToken) {
    List<Known> k = new ArrayList<>();
    for (AdminToken t : configured) {
      k.add(new Known(t.name(), HexFormat.of().parseHex(t.sha256())));
    }
    if (envToken != null && !envToken.isBlank()) {
      k.add(new Known("env", sha256(envToken.strip())));
    }
    this.known = List.copyOf(k);
  }

  public boolean isEmpty() {
    return known.isEmpty();
  }

  /** The name of the token presented, or null when it is none of them. */
  public String authenticate(String presented) {
    if (presented == null || presented.isEmpty() || presented.length() > MAX_TOKEN) {
      return null;
    }
    byte[] digest = sha256(presented);
    String match = null;
    // Every digest is compared, whatever matched before: the time taken says nothing about which.
    for (Known k : known) {
      if (MessageDigest.isEqual(digest, k.digest()) && match == null) {
        match = k.name();
      }
    }
    return match;
  }

  /** A new token: 256 random bits, base64url without padding. */
  public static String generate(SecureRandom random) {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** The hex SHA-256 of a token, as {@code admin.tokens[].sha256} expects it. */
  public static String sha256Hex(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
