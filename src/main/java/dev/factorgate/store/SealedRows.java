package dev.factorgate.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The SQL of key rotation for one {@link SealedColumn}: rows whose ciphertext is not under a given
 * key, page by page in primary-key order, and their conditional replacement. A ciphertext's key is
 * told by its first bytes ({@code 0x01 | kid length | kid}), so the filter runs in the database and
 * rows already under the current key are never fetched. Table and column names come from the enum,
 * never from input; every value is a parameter.
 */
final class SealedRows {

  /** A row's id and its ciphertext. */
  record Sealed(UUID id, byte[] value) {}

  /** A new ciphertext for a row, written only if the row still holds {@code old}. */
  record Replacement(UUID id, byte[] old, byte[] sealed) {}

  /* $1: the current key's prefix. Length and value compare, so that a kid that merely starts like
     the current one is still "another key". */
  private static final String NOT_UNDER = "%2$s is not null and substr(%2$s, 1, octet_length($1::bytea)) <> $1";

  private static final String COUNT = "select count(*) from %1$s where %3$s";

  /*
   * $2: at most this many rows; $3: stop once the ciphertexts read reach this many bytes (the first
   * row always comes, whatever its size); $4: after this id. octet_length reads the stored size
   * without fetching a large value, and the window sum stops with the limit.
   */
  private static final String PAGE =
      """
      select id, %2$s from (
        select id, %2$s, sum(octet_length(%2$s)) over (order by id) - octet_length(%2$s) as bytes_before
        from %1$s
        where %4$s %3$s
        order by id
        limit $2
      ) page
      where bytes_before < $3
      order by id
      """;

  private static final String REPLACE =
      """
      update %1$s t set %2$s = v.sealed
      from unnest($1::uuid[], $2::bytea[], $3::bytea[]) as v(id, old, sealed)
      where t.id = v.id and t.%2$s = v.old
      returning t.id
      """;

  private final SealedColumn column;
  private final String count;
  private final String firstPage;
  private final String nextPage;
  private final String replace;

  SealedRows(SealedColumn column) {
    this.column = column;
    String t = column.table();
    String c = column.column();
    // two texts rather than "($4 is null or id > $4)": a cached generic plan could not use the key
    String notUnder = NOT_UNDER.formatted(t, c);
    this.count = COUNT.formatted(t, c, notUnder);
    this.firstPage = PAGE.formatted(t, c, notUnder, "");
    this.nextPage = PAGE.formatted(t, c, notUnder, "id > $4 and");
    this.replace = REPLACE.formatted(t, c);
  }

  /** How many rows hold a ciphertext not under the key of {@code prefix}. */
  Future<Long> countNotUnder(SqlClient client, byte[] prefix) {
    return client.preparedQuery(count).execute(Tuple.of(Buffer.buffer(prefix)))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** The next rows after {@code after} (null: from the first) not under the key of {@code prefix}. */
  Future<List<Sealed>> page(SqlClient client, byte[] prefix, UUID after, int maxRows, long maxBytes) {
    Tuple args = Tuple.of(Buffer.buffer(prefix), maxRows, maxBytes);
    Future<io.vertx.sqlclient.RowSet<Row>> rows =
        after == null
            ? client.preparedQuery(firstPage).execute(args)
            : client.preparedQuery(nextPage).execute(args.addUUID(after));
    return rows.map(rs -> {
      List<Sealed> out = new ArrayList<>(rs.size());
      for (Row r : rs) {
        out.add(new Sealed(r.getUUID(0), r.getBuffer(1).getBytes()));
      }
      return out;
    });
  }

  /** Writes the replacements whose row still holds the old ciphertext; returns the ids written. */
  Future<Set<UUID>> replace(SqlClient client, List<Replacement> replacements) {
    if (replacements.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    int n = replacements.size();
    UUID[] ids = new UUID[n];
    Buffer[] olds = new Buffer[n];
    Buffer[] news = new Buffer[n];
    for (int i = 0; i < n; i++) {
      Replacement r = replacements.get(i);
      ids[i] = r.id();
      olds[i] = Buffer.buffer(r.old());
      news[i] = Buffer.buffer(r.sealed());
    }
    return client.preparedQuery(replace).execute(Tuple.of(ids, olds, news))
        .map(rs -> {
          Set<UUID> written = new HashSet<>();
          rs.forEach(r -> written.add(r.getUUID(0)));
          return written;
        });
  }

  SealedColumn column() {
    return column;
  }
}
