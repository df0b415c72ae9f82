package dev.factorgate.cli;

import dev.factorgate.account.PhoneNumbers;
import dev.factorgate.account.RecycledNumberImport;
import dev.factorgate.audit.AuditLog;
import io.vertx.core.file.OpenOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
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
      try (CliDatabase db = CliDatabase.open(config)) {
        var cfg = db.boot.config;
        RecycledNumberImport importer = new RecycledNumberImport(db.pool,
            new PhoneNumbers(cfg.upstream().identity().defaultRegion(), cfg.policy().virtualNumberPrefixes()),
            new AuditLog(CliDatabase.instance()));
        ProgressBar bar = ProgressBar.forTerminal(Files.size(file));
        RecycledNumberImport.Result result;
        try {
          var input = db.vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true)).await();
          result = importer.run(input, CliDatabase.actor(), null, bar::update).await();
        } finally {
          bar.finish();
        }
        System.out.printf(Locale.ROOT, "%s: %,d lines read, %,d numbers imported, %,d accounts marked, %,d lines rejected (%.1f s)%n",
            file.getFileName(), result.lines(), result.imported(), result.accountsMarked(), result.rejectedTotal(), bar.elapsedSeconds());
        result.rejected().stream().limit(20).forEach(r -> System.out.printf("  line %d: %s%n", r.line(), r.error()));
        if (result.rejectedTotal() > 20) {
          System.out.printf(Locale.ROOT, "  … and %,d more%n", result.rejectedTotal() - 20);
        }
        return result.rejectedTotal() == 0 ? 0 : AccountsCommand.EXIT_REJECTED;
      }
    }
  }
}
