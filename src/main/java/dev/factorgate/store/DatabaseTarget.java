package dev.factorgate.store;

import io.vertx.pgclient.PgConnectOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Where PostgreSQL is: the same target seen by the Vert.x pool (the application) and by JDBC
 * (Flyway migrations, COPY). Built from a {@code postgresql://} URL or from the embedded server.
 */
public record DatabaseTarget(String host, int port, String database, String user, String password, String sslMode) {

  /** Parses a {@code postgresql://user:password@host:port/db?sslmode=…} URL. */
  public static DatabaseTarget fromUrl(String url) {
    PgConnectOptions o = PgConnectOptions.fromUri(url.replaceFirst("^postgres://", "postgresql://"));
    return new DatabaseTarget(
        o.getHost(),
        o.getPort(),
        o.getDatabase(),
        o.getUser(),
        o.getPassword(),
        o.getSslMode() == null ? null : o.getSslMode().value);
  }

  /** The same server with another database. */
  public DatabaseTarget withDatabase(String name) {
    return new DatabaseTarget(host, port, name, user, password, sslMode);
  }

  public PgConnectOptions connectOptions() {
    PgConnectOptions o =
        new PgConnectOptions()
            .setHost(host)
            .setPort(port)
            .setDatabase(database)
            .setCachePreparedStatements(true)
            .setPipeliningLimit(256);
    if (user != null) {
      o.setUser(user);
    }
    if (password != null) {
      o.setPassword(password);
    }
    if (sslMode != null) {
      o.setSslMode(io.vertx.pgclient.SslMode.of(sslMode));
    }
    return o;
  }

  public String jdbcUrl() {
    String url =
        "jdbc:postgresql://" + host + ":" + port + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
    return sslMode == null ? url : url + "?sslmode=" + sslMode;
  }

  public Properties jdbcProperties() {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    return p;
  }

  /** For logs: never includes the password. */
  @Override
  public String toString() {
    return "postgresql://" + (user == null ? "" : user + "@") + host + ":" + port + "/" + database;
  }
}
