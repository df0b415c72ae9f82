package dev.factorgate.factor.recovery;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** SQL for recovery codes: replace a generation, use one code once. */
public final class RecoveryCodeStore {

  private static final String DELETE_ALL = "delete from recovery_codes where account_id = $1";
  private static final String INSERT =
      "insert into recovery_codes (account_id, code_hmac, generation) "
          + "select $1, h, coalesce((select max(generation) from recovery_codes where account_id = $1), 0) + 1 "
          + "from unnest($2::bytea[]) as h";
  private static final String USE =
      "update recovery_codes set used_at = now() "
          + "where account_id = $1 and code_hmac = any($2::bytea[]) and used_at is null returning 1";
  private static final String LEFT = "select count(*) from recovery_codes where account_id = $1 and used_at is null";

  /** Replaces every code of the account with a new generation. */
  public Future<Void> replace(SqlClient client, long accountId, List<byte[]> hmacs) {
    Buffer[] arr = hmacs.stream().map(Buffer::buffer).toArray(Buffer[]::new);
    return client.preparedQuery(DELETE_ALL).execute(Tuple.of(accountId))
        .compose(v -> client.preparedQuery(INSERT).execute(Tuple.tuple().addLong(accountId).addValue(arr)))
        .mapEmpty();
  }

  /** Marks a code used; false when no unused code matches (wrong, or used already on any instance). */
  public Future<Boolean> use(SqlClient client, long accountId, List<byte[]> candidates) {
    List<Buffer> list = new ArrayList<>();
    candidates.forEach(c -> list.add(Buffer.buffer(c)));
    return client.preparedQuery(USE)
        .execute(Tuple.tuple().addLong(accountId).addValue(list.toArray(Buffer[]::new)))
        .map(rows -> rows.rowCount() == 1);
  }

  public Future<Integer> left(SqlClient client, long accountId) {
    return client.preparedQuery(LEFT).execute(Tuple.of(accountId)).map(rows -> rows.iterator().next().getLong(0).intValue());
  }
}
