package dev.factorgate.cli;

import dev.factorgate.account.PhoneNumbers;
import dev.factorgate.account.RecycledNumberImport;
import dev.factorgate.audit.AuditLog;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code factorgate recycled import FILE}: a carrier list of disconnected numbers (CSV phone,disconnected_at). */
@Command(name = "recycled", description = "Recycled-number signals.", subcommands = RecycledCommand.Import.class)
final class RecycledCommand {

  @Command(name = "import", description = "Import a CSV of phone,disconnected_at and mark the accounts it concerns.")
  static final class Import implements Callable<Integer> {

    @Parameters(index = "0", description = "CSV file: phone,disconnected_at")
    Path file;

    @Option(names = "--config", description = "Configuration file.")
    Path config;

    @Override
    public Integer call() throws Exception {
      if (!Files.isReadable(file)) {
        System.err.println("cannot read " + file);
        return 1;
      }
      try (Bootstrap boot = Bootstrap.load(config)) {
        var target = boot.database();
        dev.factorgate.store.Migrations.migrate(target);
        Vertx vertx = Vertx.vertx();
        try {
          Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(target.connectOptions()).using(vertx).build();
          var cfg = boot.config;
          RecycledNumberImport importer = new RecycledNumberImport(pool,
              new PhoneNumbers(cfg.upstream().identity().defaultRegion(), cfg.policy().virtualNumberPrefixes()), new AuditLog("cli"));
          Progress progress = new Progress("lines", Files.size(file) / 24 + 1);
          var file = vertx.fileSystem().open(this.file.toString(), new OpenOptions().setRead(true)).await();
          var result = importer.run(file, "cli", null, progress::update).await();
          progress.done();
          System.out.printf("%d lines read, %d numbers imported, %d accounts marked, %d lines rejected%n",
              result.lines(), result.imported(), result.accountsMarked(), result.rejectedTotal());
          result.rejected().stream().limit(20).forEach(r -> System.out.printf("  line %d: %s%n", r.line(), r.error()));
          return result.rejectedTotal() == 0 ? 0 : 3;
        } finally {
          vertx.close().await();
        }
      }
    }
  }
}
