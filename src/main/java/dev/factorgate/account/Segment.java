package dev.factorgate.account;

import java.util.Locale;

/**
 * The groups of accounts an admin pages through. {@code SMS_ONLY} is exactly the audience every
 * campaign is restricted to: policy {@code sms_only} and no active strong factor. {@code ENROLLED}
 * is any account with an active strong factor, whatever its policy. {@code RECYCLED} is any account
 * whose phone is marked as disconnected after it was verified.
 */
public enum Segment {
  ALL,
  SMS_ONLY,
  ENROLLED,
  RECYCLED;

  /** The segment named by {@code ?segment=}, or null when the name is unknown. */
  public static Segment of(String name) {
    if (name == null || name.isBlank()) {
      return ALL;
    }
    for (Segment s : values()) {
      if (s.name().toLowerCase(Locale.ROOT).equals(name)) {
        return s;
      }
    }
    return null;
  }
}
