package dev.factorgate.cli;

import dev.factorgate.audit.AuditLog;
import dev.factorgate.store.KeyRotation;
import dev.factorgate.store.MasterKeys;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code factorgate keys generate|rotate}: a new master key line; re-encryption under the current key. */
@Command(
    name = "keys",
    description = "Master key management.",
    subcommands = {KeysCommand.Generate.class, KeysCommand.Rotate.class})
final class KeysCommand {

  /** Exit status when ciphertexts are left under an older key (listed, or changed meanwhile). */
  static final int EXIT_LEFT = 3;

  @Command(name = "generate", description = "Print a new AES-256 master key as kid:base64.")
  static final class Generate implements Runnable {
    @Override
    public void run() {
      System.out.println(MasterKeys.generateLine(new SecureRandom()));
    }
  }

  @Command(
      name = "rotate",
      description = {
        "Re-encrypt every sealed secret under the current master key (the first one listed), in batches;"
            + " an interrupted run is resumed by running it again.",
        "Exit status 3 when something is left under an older key: rows listed as not re-encryptable,"
            + " or rows a gateway wrote under an older key meanwhile."
      })
  static final class Rotate implements Callable<Integer> {

    @Option(names = "--batch-size", defaultValue = "" + KeyRotation.DEFAULT_BATCH_SIZE,
        description = "Rows per transaction, 1 to " + KeyRotation.MAX_BATCH_SIZE + " (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--config", description = "Configuration file.")
    Path config;

    @Override
    public Integer call() throws Exception {
      if (batchSize < 1 || batchSize > KeyRotation.MAX_BATCH_SIZE) {
        System.err.println("--batch-size must be 1 to " + KeyRotation.MAX_BATCH_SIZE + ", is " + batchSize);
        return 2;
      }
      try (CliDatabase db = CliDatabase.open(config)) {
        KeyRotation rotation = new KeyRotation(db.pool, db.boot.masterKeys(), new AuditLog(CliDatabase.instance()));
        ProgressBar bar = ProgressBar.counting(rotation.remaining().await(), "rows");
        KeyRotation.Result r;
        try {
          r = rotation.run(batchSize, CliDatabase.actor(), done -> bar.update(done, done)).await();
        } finally {
          bar.finish();
        }
        summarise(r);
        return r.left() == 0 ? 0 : EXIT_LEFT;
      }
    }

    private static void summarise(KeyRotation.Result r) {
      System.out.printf(Locale.ROOT, "keys rotate: current key %s, batches of %,d%n", r.keyId(), r.batchSize());
      for (KeyRotation.ColumnResult c : r.columns()) {
        System.out.printf(Locale.ROOT,
            "  %-24s %,10d re-encrypted, %,d skipped (changed meanwhile), %,d unknown key, %,d unreadable; %,d left%n",
            c.column(), c.reEncrypted(), c.changed(), c.unknownKey(), c.unreadable(), c.left());
      }
      r.failures().stream().limit(20).forEach(f -> System.out.println("  " + f.column() + " " + f.id() + ": " + f.reason()));
      if (r.failed() > 20) {
        System.out.printf(Locale.ROOT, "  … and %,d more%n", r.failed() - 20);
      }
      if (!r.unknownKeyIds().isEmpty()) {
        System.out.println("  unknown key ids: " + String.join(", ", r.unknownKeyIds()));
      }
      System.out.printf(Locale.ROOT, "%,d re-encrypted, %,d not re-encryptable, %,d left under older keys (%.1f s)%n",
          r.reEncrypted(), r.failed(), r.left(), r.seconds());
      if (r.left() > r.failed()) {
        System.out.println("Some rows were written under an older key meanwhile: once every instance runs with the new"
            + " key list, run keys rotate again.");
      }
    }
  }
}
