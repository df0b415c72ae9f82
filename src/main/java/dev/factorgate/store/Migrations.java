package dev.factorgate.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * Applies the numbered SQL files in {@code db/migration} with Flyway over JDBC. Flyway's lock
 * against concurrent migrators is a session advisory lock rather than one held in an open
 * transaction: {@code CREATE INDEX CONCURRENTLY} waits for every older transaction of the database
 * to end, so it would wait for ever behind a lock held in one.
 */
public final class Migrations {

  private Migrations() {}

  /** Migrates the database to the newest version; returns how many migrations ran. */
  public static int migrate(DatabaseTarget target) {
    FluentConfiguration config =
        Flyway.configure()
            .dataSource(target.jdbcUrl(), target.user(), target.password())
            .locations("classpath:db/migration")
            .connectRetries(0);
    config.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
    Flyway flyway = config.load();
    MigrateResult result = flyway.migrate();
    return result.migrationsExecuted;
  }
}
