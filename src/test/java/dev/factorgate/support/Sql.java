package dev.factorgate.support;

import dev.factorgate.store.DatabaseTarget;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Direct SQL for test fixtures and assertions, over JDBC to the same database. */
public final class Sql {

  private final DatabaseTarget db;

  public Sql(DatabaseTarget db) {
    this.db = db;
  }

  public int update(String sql, Object... params) {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.jdbcProperties());
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first column of the first row, or null. */
  public Object value(String sql, Object... params) {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.jdbcProperties());
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getObject(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A number the query must return: no row (or a null) fails the test instead of reading as 0, so
   * that a missing row never passes for a zero count.
   */
  public long count(String sql, Object... params) {
    Object v = value(sql, params);
    if (v == null) {
      throw new AssertionError("no row (or null) from: " + sql);
    }
    return ((Number) v).longValue();
  }
}
