package dev.factorgate.cli;

import dev.factorgate.RuntimeSecrets;
import dev.factorgate.config.ConfigException;
import dev.factorgate.config.ConfigLoader;
import dev.factorgate.config.GatewayConfig;
import dev.factorgate.store.DatabaseTarget;
import dev.factorgate.store.EmbeddedDatabase;
import dev.factorgate.store.MasterKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Map;

/**
 * What every command needs before it can work: the validated configuration, the database (external
 * or the embedded one in {@code var/pg}) and the master keys.
 */
final class Bootstrap implements AutoCloseable {

  /** Exit status for an invalid configuration or key list. */
  static final int EXIT_CONFIG = 2;

  final GatewayConfig config;
  final Path varDir;
  private final Map<String, String> env;
  private EmbeddedDatabase embedded;

  private Bootstrap(GatewayConfig config, Path varDir, Map<String, String> env) {
    this.config = config;
    this.varDir = varDir;
    this.env = env;
  }

  /** Loads the configuration; on problems prints every one of them and throws {@link Exit}. */
  static Bootstrap load(Path configFile) {
    Map<String, String> env = System.getenv();
    ConfigLoader loader = new ConfigLoader(env);
    Path file = loader.resolveFile(configFile);
    try {
      GatewayConfig config = loader.load(file);
      String var = env.get("FACTORGATE_VAR_DIR");
      return new Bootstrap(config, Path.of(var == null || var.isBlank() ? "var" : var), env);
    } catch (ConfigException e) {
      System.err.println(file + ": " + e.getMessage());
      throw new Exit(EXIT_CONFIG);
    }
  }

  boolean embeddedDatabase() {
    return config.database().url() == null;
  }

  /** The database target; starts the embedded server when no URL is configured. */
  DatabaseTarget database() throws IOException, SQLException {
    if (!embeddedDatabase()) {
      return DatabaseTarget.fromUrl(config.database().url());
    }
    if (embedded == null) {
      // A gateway started by scripts/run may own the cluster already: use it, do not start another.
      DatabaseTarget running = EmbeddedDatabase.running(varDir.resolve("pg"));
      if (running != null) {
        EmbeddedDatabase.createDatabaseIfMissing(running, "factorgate");
        return running.withDatabase("factorgate");
      }
      embedded = EmbeddedDatabase.start(varDir.resolve("pg"));
    }
    return embedded.target("factorgate");
  }

  /**
   * Master keys from {@code FACTORGATE_MASTER_KEYS}, else {@code secrets.master_keys_file}, else —
   * only with the embedded database — a development key generated into {@code var/}.
   */
  MasterKeys masterKeys() {
    try {
      String fromEnv = env.get("FACTORGATE_MASTER_KEYS");
      if (fromEnv != null && !fromEnv.isBlank()) {
        return MasterKeys.parse(fromEnv, "FACTORGATE_MASTER_KEYS");
      }
      if (config.secrets().masterKeysFile() != null) {
        return MasterKeys.fromFile(config.secrets().masterKeysFile());
      }
      if (embeddedDatabase()) {
        return MasterKeys.devKey(varDir.resolve("master.keys"), new SecureRandom());
      }
      System.err.println(
          "No master key: set FACTORGATE_MASTER_KEYS or secrets.master_keys_file "
              + "(factorgate keys generate prints a new key).");
      throw new Exit(EXIT_CONFIG);
    } catch (MasterKeys.InvalidKeysException e) {
      System.err.println("Invalid master keys: " + e.getMessage());
      throw new Exit(EXIT_CONFIG);
    }
  }

  /** The admin token and SMTP password from the environment; never from the YAML file. */
  RuntimeSecrets runtimeSecrets() {
    return RuntimeSecrets.fromEnvironment(env);
  }

  @Override
  public void close() throws IOException {
    if (embedded != null) {
      embedded.close();
      embedded = null;
    }
  }

  /** Ends a command with an exit status after its message was printed. */
  static final class Exit extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    Exit(int status) {
      super(null, null, false, false);
      this.status = status;
    }
  }
}
