package dev.factorgate.cli;

import dev.factorgate.account.AccountImport;
import dev.factorgate.account.ImportFormat;
import dev.factorgate.account.ImportResult;
import dev.factorgate.account.PhoneNumbers;
import dev.factorgate.audit.AuditLog;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code factorgate accounts import FILE}: the admin API's import, from a file. */
@Command(name = "accounts", description = "Account administration.", subcommands = AccountsCommand.Import.class)
final class AccountsCommand {

  /** Exit status when some lines were rejected (the others were imported). */
  static final int EXIT_REJECTED = 3;

  @Command(name = "import", description = "Import accounts from CSV (user_id,phone,email,phone_verified_at,last_login_at) or NDJSON.")
  static final class Import implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Option(names = "--format", description = "csv or ndjson (default: by the file name, .ndjson/.jsonl are NDJSON).")
    String format;

    @Option(names = "--config", description = "Configuration file.")
    Path config;

    @Override
    public Integer call() throws Exception {
      ImportFormat f = format == null ? ImportFormat.ofFileName(file.toString()) : ImportFormat.valueOf(format.toUpperCase(Locale.ROOT));
      try (CliDatabase db = CliDatabase.open(config)) {
        var cfg = db.boot.config;
        AccountImport importer = new AccountImport(db.target,
            new PhoneNumbers(cfg.upstream().identity().defaultRegion(), cfg.policy().virtualNumberPrefixes()),
            new AuditLog(CliDatabase.instance()));
        ProgressBar bar = ProgressBar.forTerminal(Files.size(file));
        ImportResult r;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
          r = importer.run(in, f, CliDatabase.actor(), null, bar::update);
        } finally {
          bar.finish();
        }
        System.out.printf(Locale.ROOT, "%s: %,d inserted, %,d updated, %,d unchanged, %,d rejected (%.1f s)%n",
            file.getFileName(), r.inserted(), r.updated(), r.unchanged(), r.rejectedTotal(), bar.elapsedSeconds());
        r.rejected().stream().limit(20).forEach(x -> System.out.println("  line " + x.line() + ": " + x.error()));
        if (r.rejectedTotal() > 20) {
          System.out.printf(Locale.ROOT, "  … and %,d more%n", r.rejectedTotal() - 20);
        }
        return r.rejectedTotal() == 0 ? 0 : EXIT_REJECTED;
      }
    }
  }
}
