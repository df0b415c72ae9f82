package dev.factorgate.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 master keys, kept outside the database: {@code kid:base64[,kid:base64…]}, the first
 * one current. Parsing errors name the entry and the rule, never the key material.
 */
public final class MasterKeys {

  /** Thrown for an unusable key list; the message is safe to print. */
  public static final class InvalidKeysException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidKeysException(String message) {
      super(message);
    }
  }

  private final String currentId;
  private final Map<String, SecretKey> keys;

  private MasterKeys(String currentId, Map<String, SecretKey> keys) {
    this.currentId = currentId;
    this.keys = Map.copyOf(keys);
  }

  /** Parses the {@code FACTORGATE_MASTER_KEYS} notation; {@code source} names it in errors. */
  public static MasterKeys parse(String text, String source) {
    if (text == null || text.isBlank()) {
      throw new InvalidKeysException(source + " is empty: expected kid:base64key[,kid:base64key…]");
    }
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    String[] entries = text.trim().split("[,\\s]+");
    for (int i = 0; i < entries.length; i++) {
      String e = entries[i];
      String where = source + " entry " + (i + 1);
      int colon = e.indexOf(':');
      if (colon < 0) {
        throw new InvalidKeysException(where + " has no key id: expected kid:base64key");
      }
      String kid = e.substring(0, colon);
      if (!kid.matches("[A-Za-z0-9_-]{1,32}")) {
        throw new InvalidKeysException(where + ": the key id must be 1-32 characters of A-Z, a-z, 0-9, _ or -");
      }
      byte[] raw;
      try {
        String b64 = e.substring(colon + 1);
        raw = b64.contains("-") || b64.contains("_")
            ? Base64.getUrlDecoder().decode(b64)
            : Base64.getDecoder().decode(b64);
      } catch (IllegalArgumentException ex) {
        throw new InvalidKeysException(where + " (" + kid + "): the key is not valid base64");
      }
      if (raw.length != 32) {
        throw new InvalidKeysException(
            where + " (" + kid + "): the key must be 32 bytes (AES-256), is " + raw.length + " bytes");
      }
      if (keys.put(kid, new SecretKeySpec(raw, "AES")) != null) {
        throw new InvalidKeysException(where + ": key id " + kid + " appears twice");
      }
    }
    return new MasterKeys(entries[0].substring(0, entries[0].indexOf(':')), keys);
  }

  /** Reads a key file (same notation; lines starting with # are comments). */
  public static MasterKeys fromFile(Path file) {
    try {
      List<String> lines = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank() && !line.trim().startsWith("#")) {
          lines.add(line.trim());
        }
      }
      return parse(String.join(",", lines), file.toString());
    } catch (IOException e) {
      throw new InvalidKeysException(file + " cannot be read: " + e.getMessage());
    }
  }

  /** A new random key line, {@code k20261122a1b2:base64}. */
  public static String generateLine(SecureRandom random) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    byte[] suffix = new byte[2];
    random.nextBytes(suffix);
    String kid =
        "k" + LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE)
            + String.format("%02x%02x", suffix[0], suffix[1]);
    return kid + ":" + Base64.getEncoder().encodeToString(key);
  }

  /**
   * Loads the development key from {@code file}, generating it (mode 0600) on first use. Only used
   * with the embedded database, where data and key live on the same machine anyway.
   */
  public static MasterKeys devKey(Path file, SecureRandom random) {
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        String content = "# factorgate development master key (embedded database only)\n" + generateLine(random) + "\n";
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        try {
          Files.setPosixFilePermissions(file, Set.copyOf(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException ignored) {
          // not a POSIX file system: nothing more to restrict
        }
      }
    } catch (IOException e) {
      throw new InvalidKeysException("cannot create the development key " + file + ": " + e.getMessage());
    }
    return fromFile(file);
  }

  public String currentId() {
    return currentId;
  }

  public SecretKey current() {
    return keys.get(currentId);
  }

  /** The key with this id, or null. */
  public SecretKey get(String kid) {
    return keys.get(kid);
  }

  public Set<String> ids() {
    return keys.keySet();
  }
}
