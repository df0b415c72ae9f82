package dev.factorgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.factorgate.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class SchemaTest {

  @Test
  void migrationsCreateTheWholeSchemaAndAreIdempotent() throws Exception {
    DatabaseTarget db = TestDatabase.fresh();
    assertThat(Migrations.migrate(db)).isZero();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.jdbcProperties());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("select count(*) from information_schema.tables where table_schema = 'public' and table_name in "
                + "('accounts','factors','recovery_codes','pending_logins','email_codes','gateway_sessions','throttles',"
                + "'ip_throttles','campaigns','campaign_members','recycled_numbers','enrolment_links','change_reports','audit_log')")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(14);
    }
  }

  @Test
  void theAuditLogIsAppendOnly() throws Exception {
    DatabaseTarget db = TestDatabase.fresh();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.jdbcProperties());
        Statement s = c.createStatement()) {
      s.execute("insert into audit_log (actor, action, outcome) values ('system', 'test', 'ok')");
      assertThatThrownBy(() -> s.execute("update audit_log set outcome = 'changed'"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.execute("delete from audit_log")).hasMessageContaining("append-only");
    }
  }

  @Test
  void phonesMustBeE164() throws Exception {
    DatabaseTarget db = TestDatabase.fresh();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.jdbcProperties());
        Statement s = c.createStatement()) {
      s.execute("insert into accounts (user_id, phone) values ('u1', '+8613800138000')");
      assertThatThrownBy(() -> s.execute("insert into accounts (user_id, phone) values ('u2', '13800138000')"))
          .isInstanceOf(SQLException.class);
    }
  }
}
