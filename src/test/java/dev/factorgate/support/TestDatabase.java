package dev.factorgate.support;

import dev.factorgate.store.DatabaseTarget;
import dev.factorgate.store.EmbeddedDatabase;
import dev.factorgate.store.Migrations;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real PostgreSQL of the test JVM: embedded, started once, or the server named by
 * {@code FACTORGATE_TEST_DATABASE_URL}. The schema is migrated once into a template; each test
 * gets its own database copied from it, which takes milliseconds.
 */
public final class TestDatabase {

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final List<String> CREATED = new ArrayList<>();
  private static DatabaseTarget server;
  private static EmbeddedDatabase embedded;
  private static String template;

  private TestDatabase() {}

  /** A new, migrated, empty database. */
  public static synchronized DatabaseTarget fresh() {
    try {
      init();
      String name = "fg_t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
      execute("create database " + name + " template " + template);
      CREATED.add(name);
      return server.withDatabase(name);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create a test database", e);
    }
  }

  /** The embedded server, or null when an external one is used (fault tests stop and start it). */
  public static synchronized EmbeddedDatabase embedded() {
    return embedded;
  }

  private static void init() throws Exception {
    if (server != null) {
      return;
    }
    String url = System.getenv("FACTORGATE_TEST_DATABASE_URL");
    if (url != null && !url.isBlank()) {
      server = DatabaseTarget.fromUrl(url);
    } else {
      embedded = EmbeddedDatabase.start(null);
      server = new DatabaseTarget("127.0.0.1", embedded.port(), "postgres", "postgres", null, null);
    }
    template = "fg_tpl" + ProcessHandle.current().pid();
    execute("drop database if exists " + template);
    execute("create database " + template);
    Migrations.migrate(server.withDatabase(template));
    Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::dropAll));
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.jdbcProperties());
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static synchronized void dropAll() {
    if (embedded != null) {
      return; // the whole throwaway cluster goes away with the JVM
    }
    try {
      for (String name : CREATED) {
        execute("drop database if exists " + name + " with (force)");
      }
      execute("drop database if exists " + template);
    } catch (SQLException ignored) {
      // best effort on an external server
    }
  }
}
