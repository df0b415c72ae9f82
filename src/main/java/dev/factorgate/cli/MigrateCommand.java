package dev.factorgate.cli;

import dev.factorgate.store.Migrations;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code factorgate migrate}: bring the schema to the newest version and stop. */
@Command(name = "migrate", description = "Apply database migrations and exit.")
final class MigrateCommand implements Callable<Integer> {

  @Option(names = "--config", description = "Configuration file.")
  Path config;

  @Override
  public Integer call() throws Exception {
    try (Bootstrap boot = Bootstrap.load(config)) {
      var target = boot.database();
      int n = Migrations.migrate(target);
      System.out.println("database " + target + ": " + n + " migration(s) applied, schema is current");
      return 0;
    }
  }
}
