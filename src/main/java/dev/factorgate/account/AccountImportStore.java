package dev.factorgate.account;

import dev.factorgate.account.ImportResult.Rejection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The SQL of an account import, over JDBC because it needs COPY: the rows stream into a temporary
 * staging table, then one set-based upsert moves them into {@code accounts}. All of it runs in the
 * caller's transaction, so a failure leaves nothing half-imported.
 */
final class AccountImportStore {

  /*
   * Session settings for this one connection: the staging table and the sort of the upsert stay in
   * memory instead of spilling to disk (the defaults, 8MB and 4MB, are sized for many small
   * queries, not one bulk statement).
   */
  private static final String TUNE = "set temp_buffers = '256MB'; set local work_mem = '256MB'";

  private static final String STAGING =
      """
      create temp table import_staging (
        line               bigint      not null,
        user_id            text        not null,
        phone              text,
        email              text,
        phone_virtual      boolean     not null,
        phone_verified_at  timestamptz,
        last_login_at      timestamptz
      ) on commit drop
      """;

  private static final String COPY =
      "copy import_staging (line, user_id, phone, email, phone_virtual, phone_verified_at, last_login_at) from stdin";

  /*
   * One statement for the whole file. The later of two lines with the same user_id is dropped here
   * (DISTINCT ON keeps the first) and reported by DUPLICATES. Sorting by user_id also feeds the
   * unique index in key order. An existing account keeps what the file leaves empty; a new phone
   * number clears the recycled mark of the old one and, when the file gives no verification date,
   * counts as verified now, as when the upstream reports a changed number at login. Rows the file
   * describes exactly as stored are not rewritten (no dead tuples on a re-import) and are counted
   * as unchanged.
   */
  private static final String ON_CONFLICT =
      """
        on conflict (user_id) do update set
          phone = coalesce(excluded.phone, a.phone),
          email = coalesce(excluded.email, a.email),
          phone_virtual = case when excluded.phone is not null then excluded.phone_virtual else a.phone_virtual end,
          phone_verified_at = coalesce(excluded.phone_verified_at,
                                       case when excluded.phone is not null and excluded.phone is distinct from a.phone
                                            then now() else a.phone_verified_at end),
          phone_recycled_at = case when excluded.phone is not null and excluded.phone is distinct from a.phone
                                   then null else a.phone_recycled_at end,
          last_login_at = greatest(a.last_login_at, excluded.last_login_at),
          updated_at = now()
        where (excluded.phone is not null and excluded.phone is distinct from a.phone)
           or (excluded.email is not null and excluded.email is distinct from a.email)
           or (excluded.phone_verified_at is not null and excluded.phone_verified_at is distinct from a.phone_verified_at)
           or (excluded.last_login_at is not null and (a.last_login_at is null or excluded.last_login_at > a.last_login_at))
        returning (xmax = 0) as inserted
      """;

  private static final String UPSERT =
      """
      with src as (
        select distinct on (user_id) user_id, phone, email, phone_virtual, phone_verified_at, last_login_at
          from import_staging
         order by user_id, line
      ), up as (
        insert into accounts as a (user_id, phone, email, phone_virtual, phone_verified_at, last_login_at)
        select user_id, phone, email, phone_virtual, phone_verified_at, last_login_at from src
      """
          + ON_CONFLICT
          + """
      )
      select count(*) filter (where inserted), count(*) filter (where not inserted), (select count(*) from src)
        from up
      """;

  /* A file whose user ids strictly increase holds no duplicate and is already in index order. */
  private static final String UPSERT_ORDERED =
      """
      with up as (
        insert into accounts as a (user_id, phone, email, phone_virtual, phone_verified_at, last_login_at)
        select user_id, phone, email, phone_virtual, phone_verified_at, last_login_at from import_staging
      """
          + ON_CONFLICT
          + """
      )
      select count(*) filter (where inserted), count(*) filter (where not inserted), 0 from up
      """;

  private static final String DUPLICATES =
      """
      select line, first_line from (
        select line, min(line) over (partition by user_id) as first_line from import_staging
      ) d
      where line <> first_line
      order by line
      limit ?
      """;

  /** Counts of the upsert. */
  record Upserted(long inserted, long updated, long distinct) {}

  void prepare(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(TUNE);
      s.execute(STAGING);
    }
  }

  CopyIn copy(Connection c) throws SQLException {
    return c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
  }

  Upserted upsert(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(UPSERT)) {
      rs.next();
      return new Upserted(rs.getLong(1), rs.getLong(2), rs.getLong(3));
    }
  }

  /** The upsert of a file without duplicates, in user-id order; {@code distinct} is not counted. */
  Upserted upsertOrdered(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(UPSERT_ORDERED)) {
      rs.next();
      return new Upserted(rs.getLong(1), rs.getLong(2), -1);
    }
  }

  /** The first {@code max} lines dropped as repeats of an earlier line's user_id. */
  List<Rejection> duplicates(Connection c, int max) throws SQLException {
    List<Rejection> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(DUPLICATES)) {
      s.setInt(1, max);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new Rejection(rs.getLong(1), "duplicate user_id: already on line " + rs.getLong(2)));
        }
      }
    }
    return out;
  }
}
