package dev.factorgate;

import java.util.Map;

/**
 * Secrets an instance receives from its environment rather than from the YAML file: one plain
 * admin token ({@code FACTORGATE_ADMIN_TOKEN}) and the SMTP password ({@code
 * FACTORGATE_SMTP_PASSWORD}). Read once by the command line and passed in, so tests can supply
 * them without touching environment variables. Either may be null.
 */
public record RuntimeSecrets(String adminToken, String smtpPassword) {

  /** No environment secrets: admin access only through {@code admin.tokens}, SMTP without login. */
  public static RuntimeSecrets none() {
    return new RuntimeSecrets(null, null);
  }

  /** Reads both secrets from an environment map; blank values count as absent. */
  public static RuntimeSecrets fromEnvironment(Map<String, String> env) {
    return new RuntimeSecrets(blankToNull(env.get("FACTORGATE_ADMIN_TOKEN")), blankToNull(env.get("FACTORGATE_SMTP_PASSWORD")));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** A record would print its components; secrets must never reach a log line. */
  @Override
  public String toString() {
    return "RuntimeSecrets[adminToken=" + (adminToken == null ? "unset" : "set")
        + ", smtpPassword=" + (smtpPassword == null ? "unset" : "set") + "]";
  }
}
