package dev.factorgate.cli;

import dev.factorgate.store.MasterKeys;
import java.security.SecureRandom;
import picocli.CommandLine.Command;

/** {@code factorgate keys generate}: print a new master key line. */
@Command(name = "keys", description = "Master key management.", subcommands = KeysCommand.Generate.class)
final class KeysCommand {

  @Command(name = "generate", description = "Print a new AES-256 master key as kid:base64.")
  static final class Generate implements Runnable {
    @Override
    public void run() {
      System.out.println(MasterKeys.generateLine(new SecureRandom()));
    }
  }
}
