package dev.factorgate.support;

import dev.factorgate.store.SealedColumn;
import dev.factorgate.store.SecretBox;
import java.util.UUID;

/**
 * Rows holding sealed values, inserted over JDBC and sealed as the gateway seals them: TOTP factors
 * and held logins of one account. For the key rotation tests.
 */
public final class SealedSeeds {

  private final Sql sql;
  private final long accountId;

  public SealedSeeds(Sql sql) {
    this.sql = sql;
    sql.update("insert into accounts (user_id) values ('rotation') on conflict do nothing");
    this.accountId = sql.count("select id from accounts where user_id = 'rotation'");
  }

  /** An active TOTP factor whose secret is sealed by {@code box}. */
  public UUID factor(SecretBox box, byte[] secret) {
    UUID id = UUID.randomUUID();
    sql.update("insert into factors (id, account_id, kind, status, secret, algorithm, digits, period) "
        + "values (?, ?, 'totp', 'active', ?, 'SHA1', 6, 30)", id, accountId, box.seal(secret, SealedColumn.FACTOR_SECRET, id));
    return id;
  }

  /** A held login whose upstream response is sealed by {@code box}. */
  public UUID heldLogin(SecretBox box, byte[] response) {
    UUID id = UUID.randomUUID();
    byte[] tokenHash = id.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    sql.update("insert into pending_logins (id, token_hash, account_id, route, login_method, outcome, response, expires_at) "
        + "values (?, ?, ?, 'sms', 'sms', 'challenge', ?, now() + interval '5 minutes')",
        id, tokenHash, accountId, box.seal(response, SealedColumn.HELD_RESPONSE, id));
    return id;
  }

  /** The stored ciphertext of a row. */
  public byte[] stored(SealedColumn column, UUID id) {
    return (byte[]) sql.value("select " + column.column() + " from " + column.table() + " where id = ?", id);
  }

  /** Overwrites a row's ciphertext, as a copy from elsewhere or a concurrent writer would. */
  public void store(SealedColumn column, UUID id, byte[] value) {
    sql.update("update " + column.table() + " set " + column.column() + " = ? where id = ?", value, id);
  }
}
