package dev.factorgate.support;

import dev.factorgate.store.MasterKeys;
import java.security.SecureRandom;

/** Master keys for tests, random per JVM. */
public final class TestKeys {

  private static final MasterKeys KEYS = MasterKeys.parse(MasterKeys.generateLine(new SecureRandom()), "test");

  private TestKeys() {}

  public static MasterKeys keys() {
    return KEYS;
  }
}
