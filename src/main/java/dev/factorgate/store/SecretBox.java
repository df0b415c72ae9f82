package dev.factorgate.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM for secrets at rest (TOTP secrets, held upstream responses). Each ciphertext carries
 * the id of the key that sealed it, and is bound to its row by the associated data
 * {@code table:column:row-id}: copied to another row, it no longer opens.
 *
 * <p>Layout: {@code 0x01 | kid length | kid (ASCII) | 12-byte nonce | ciphertext and 16-byte tag}.
 */
public final class SecretBox {

  /** A ciphertext that does not open: tampered, moved, or sealed under an unknown key. */
  public static final class SealException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SealException(String message) {
      super(message);
    }
  }

  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final ThreadLocal<Cipher> CIPHER =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("AES-GCM is not available", e);
            }
          });

  private final MasterKeys keys;
  private final SecureRandom random;

  public SecretBox(MasterKeys keys, SecureRandom random) {
    this.keys = keys;
    this.random = random;
  }

  /** The associated data that binds a value to one column of one row. */
  public static byte[] binding(String table, String column, Object rowId) {
    return (table + ":" + column + ":" + rowId).getBytes(StandardCharsets.UTF_8);
  }

  /** Encrypts under the current key. */
  public byte[] seal(byte[] plaintext, String table, String column, Object rowId) {
    byte[] prefix = prefix(keys.currentId());
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher c = CIPHER.get();
      c.init(Cipher.ENCRYPT_MODE, keys.current(), new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(binding(table, column, rowId));
      byte[] ct = c.doFinal(plaintext);
      return ByteBuffer.allocate(prefix.length + NONCE_BYTES + ct.length)
          .put(prefix)
          .put(nonce)
          .put(ct)
          .array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /** Encrypts under the current key, bound to one row of a sealed column. */
  public byte[] seal(byte[] plaintext, SealedColumn where, Object rowId) {
    return seal(plaintext, where.table(), where.column(), rowId);
  }

  /** Decrypts a value of a sealed column; throws {@link SealException} like the other form. */
  public byte[] open(byte[] sealed, SealedColumn where, Object rowId) {
    return open(sealed, where.table(), where.column(), rowId);
  }

  /** Decrypts; throws {@link SealException} when the value was altered, moved or its key is gone. */
  public byte[] open(byte[] sealed, String table, String column, Object rowId) {
    String kid = keyId(sealed);
    SecretKey key = keys.get(kid);
    if (key == null) {
      throw new SealException("sealed under unknown key id " + kid);
    }
    int offset = 2 + kid.length();
    if (sealed.length < offset + NONCE_BYTES + TAG_BITS / 8) {
      throw new SealException("ciphertext too short");
    }
    try {
      Cipher c = CIPHER.get();
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, offset, NONCE_BYTES));
      c.updateAAD(binding(table, column, rowId));
      int start = offset + NONCE_BYTES;
      return c.doFinal(sealed, start, sealed.length - start);
    } catch (GeneralSecurityException e) {
      throw new SealException("ciphertext does not open for " + table + "." + column + " " + rowId);
    }
  }

  /**
   * The first bytes of every value sealed under {@code kid} ({@code 0x01 | kid length | kid}): what
   * lets the database tell one key's values from another's.
   */
  public static byte[] prefix(String kid) {
    byte[] id = kid.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(2 + id.length).put(VERSION).put((byte) id.length).put(id).array();
  }

  /** The id of the key a ciphertext was sealed with. */
  public static String keyId(byte[] sealed) {
    if (sealed == null || sealed.length < 3 || sealed[0] != VERSION) {
      throw new SealException("not a SecretBox ciphertext");
    }
    int len = sealed[1] & 0xFF;
    if (len == 0 || sealed.length < 2 + len) {
      throw new SealException("not a SecretBox ciphertext");
    }
    return new String(sealed, 2, len, StandardCharsets.US_ASCII);
  }

  /** True when the value is sealed under the current key (key rotation skips those). */
  public boolean isCurrent(byte[] sealed) {
    return keys.currentId().equals(keyId(sealed));
  }
}
