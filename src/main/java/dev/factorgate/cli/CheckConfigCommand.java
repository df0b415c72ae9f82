package dev.factorgate.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code factorgate check-config}: the same validation as {@code serve}, without starting anything. */
@Command(name = "check-config", description = "Validate the configuration and exit (2 on problems).")
final class CheckConfigCommand implements Callable<Integer> {

  @Option(names = "--config", description = "Configuration file.")
  Path config;

  @Override
  public Integer call() {
    try (Bootstrap boot = Bootstrap.load(config)) {
      boot.masterKeys();
      System.out.println("configuration is valid");
      return 0;
    } catch (java.io.IOException e) {
      return 1;
    }
  }
}
