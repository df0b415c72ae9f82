package dev.factorgate.cli;

import dev.factorgate.store.DatabaseTarget;
import dev.factorgate.store.Migrations;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.net.InetAddress;

/**
 * The database for an admin command: found like {@code migrate} finds it, brought to the current
 * schema, and opened as a small Vert.x pool so that commands use the same services as the admin
 * API. Audit entries name the operating-system user ({@code cli:<user>}) and this host.
 */
final class CliDatabase implements AutoCloseable {

  final Bootstrap boot;
  final DatabaseTarget target;
  final Vertx vertx;
  final Pool pool;

  private CliDatabase(Bootstrap boot, DatabaseTarget target) {
    this.boot = boot;
    this.target = target;
    this.vertx = Vertx.vertx();
    this.pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(target.connectOptions()).using(vertx).build();
  }

  static CliDatabase open(java.nio.file.Path config) throws Exception {
    Bootstrap boot = Bootstrap.load(config);
    try {
      DatabaseTarget target = boot.database();
      Migrations.migrate(target);
      return new CliDatabase(boot, target);
    } catch (Exception e) {
      boot.close();
      throw e;
    }
  }

  static String actor() {
    String user = System.getProperty("user.name", "unknown").replaceAll("[^A-Za-z0-9._-]", "_");
    return "cli:" + user;
  }

  static String instance() {
    try {
      return "cli@" + InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "cli";
    }
  }

  boolean emailIsFactor() {
    return "factor".equals(boot.config.email().role());
  }

  @Override
  public void close() throws Exception {
    pool.close().await();
    vertx.close().await();
    boot.close();
  }
}
