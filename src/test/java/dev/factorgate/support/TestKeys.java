package dev.factorgate.support;

import dev.factorgate.store.MasterKeys;
import java.security.SecureRandom;

/** Master keys for tests, random per JVM. */
public final class TestKeys {

  private static final String LINE = MasterKeys.generateLine(new SecureRandom());
  private static final MasterKeys KEYS = MasterKeys.parse(LINE, "test");

  private TestKeys() {}

  public static MasterKeys keys() {
    return KEYS;
  }

  /** The line of {@link #keys()}, to list it after a new key. */
  public static String keysLine() {
    return LINE;
  }

  /** A new random key line {@code kid:base64} with the given key id. */
  public static String line(String kid) {
    return MasterKeys.generateLine(new SecureRandom()).replaceFirst("^[^:]+", kid);
  }
}
