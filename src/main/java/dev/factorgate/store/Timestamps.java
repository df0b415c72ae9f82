package dev.factorgate.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Instants as the PostgreSQL client binds them to {@code timestamptz} parameters. */
public final class Timestamps {

  private Timestamps() {}

  /** {@code t} at offset UTC; null stays null (an unset column). */
  public static OffsetDateTime utc(Instant t) {
    return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}
