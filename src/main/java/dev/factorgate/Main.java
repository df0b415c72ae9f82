package dev.factorgate;

import dev.factorgate.cli.FactorgateCommand;

/** Entry point of the packaged jar; see {@code scripts/factorgate}. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(FactorgateCommand.run(args));
  }
}
