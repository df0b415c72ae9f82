package dev.factorgate.account;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;

/** SQL for recycled-number signals: one set-based statement per chunk of an import. */
public final class RecycledNumberStore {

  /*
   * Stores the chunk and marks, in the same statement, every account whose phone is one of the
   * chunk's numbers and was verified before its disconnection (or whose verification date is
   * unknown: unknown must not pass as recent).
   */
  private static final String IMPORT_CHUNK =
      """
      with input as (
        select phone, d from unnest($1::text[], $2::timestamptz[]) as t(phone, d)
      ), stored as (
        insert into recycled_numbers (phone, disconnected_at, source)
        select phone, d, $3 from input
        on conflict do nothing
        returning 1
      ), latest as (
        select phone, max(d) as d from input group by phone
      ), marked as (
        update accounts a set phone_recycled_at = l.d, updated_at = now()
          from latest l
         where a.phone = l.phone
           and (a.phone_verified_at is null or a.phone_verified_at < l.d)
           and (a.phone_recycled_at is null or a.phone_recycled_at < l.d)
        returning 1
      )
      select (select count(*) from stored) as imported, (select count(*) from marked) as marked
      """;

  /** Counts of one chunk. */
  public record Counts(long imported, long marked) {}

  public Future<Counts> importChunk(SqlClient c, List<String> phones, List<OffsetDateTime> disconnectedAt, String source) {
    return c.preparedQuery(IMPORT_CHUNK)
        .execute(Tuple.tuple()
            .addValue(phones.toArray(String[]::new))
            .addValue(disconnectedAt.toArray(OffsetDateTime[]::new))
            .addString(source))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new Counts(r.getLong("imported"), r.getLong("marked"));
        });
  }
}
