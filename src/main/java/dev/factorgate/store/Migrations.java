package dev.factorgate.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Applies the numbered SQL files in {@code db/migration} with Flyway over JDBC. */
public final class Migrations {

  private Migrations() {}

  /** Migrates the database to the newest version; returns how many migrations ran. */
  public static int migrate(DatabaseTarget target) {
    Flyway flyway =
        Flyway.configure()
            .dataSource(target.jdbcUrl(), target.user(), target.password())
            .locations("classpath:db/migration")
            .connectRetries(0)
            .load();
    MigrateResult result = flyway.migrate();
    return result.migrationsExecuted;
  }
}
