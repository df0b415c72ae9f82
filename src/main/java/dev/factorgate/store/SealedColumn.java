package dev.factorgate.store;

/**
 * Every column that holds {@link SecretBox} ciphertexts, with the names that bind a value to its
 * row ({@code table:column:row-id}). Code seals and opens through these constants, so that
 * {@link KeyRotation} knows every place there is to re-encrypt: a new sealed column is added here
 * or it is never rotated. Each of these tables has a uuid primary key {@code id}, the row id of the
 * binding.
 */
public enum SealedColumn {
  /** TOTP secrets. */
  FACTOR_SECRET("factors", "secret"),
  /** Held upstream responses of pending logins. */
  HELD_RESPONSE("pending_logins", "response");

  private final String table;
  private final String column;

  SealedColumn(String table, String column) {
    this.table = table;
    this.column = column;
  }

  public String table() {
    return table;
  }

  public String column() {
    return column;
  }

  /** {@code table.column}, as summaries and the audit log name it. */
  @Override
  public String toString() {
    return table + "." + column;
  }
}
