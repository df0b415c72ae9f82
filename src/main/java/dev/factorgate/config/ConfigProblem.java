package dev.factorgate.config;

/**
 * One thing wrong with the configuration: the key path, the value found and the rule it breaks,
 * printed as {@code totp.period must be ≥ 15, is 10}.
 */
public record ConfigProblem(String path, String value, String rule) {

  @Override
  public String toString() {
    return path + " " + rule + ", is " + value;
  }
}
