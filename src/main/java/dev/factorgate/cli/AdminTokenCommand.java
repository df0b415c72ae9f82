package dev.factorgate.cli;

import dev.factorgate.admin.AdminTokens;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code factorgate admin-token create NAME}: a new admin token, and the line that makes the
 * gateway accept it. Only the hash goes into the configuration; the token is shown once.
 */
@Command(name = "admin-token", description = "Admin API tokens.", subcommands = AdminTokenCommand.Create.class)
final class AdminTokenCommand {

  @Command(name = "create", description = "Print a new admin token and its admin.tokens entry.")
  static final class Create implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "Who or what uses the token (audited as admin:NAME).")
    String name;

    @Override
    public Integer call() {
      if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
        System.err.println("NAME must be 1-64 characters of A-Z, a-z, 0-9, . _ -");
        return 2;
      }
      String token = AdminTokens.generate(new SecureRandom());
      System.out.println("token (shown once; give it to " + name + " and keep it out of files and URLs):");
      System.out.println("  " + token);
      System.out.println("add to admin.tokens in conf/factorgate.yaml:");
      System.out.println("  - { name: " + name + ", sha256: " + AdminTokens.sha256Hex(token) + " }");
      return 0;
    }
  }
}
