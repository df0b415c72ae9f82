package dev.factorgate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code factorgate} command line (picocli). */
@Command(
    name = "factorgate",
    mixinStandardHelpOptions = true,
    version = "factorgate 0.1.0",
    description = "A gateway in front of an existing login that moves users off SMS-only login.",
    subcommands = {
      ServeCommand.class,
      MigrateCommand.class,
      CheckConfigCommand.class,
      KeysCommand.class,
      AdminTokenCommand.class,
      AccountsCommand.class,
      CampaignCommand.class,
      DemoUpstreamCommand.class,
      RecycledCommand.class
    })
public final class FactorgateCommand {

  private FactorgateCommand() {}

  /** Runs a command line and returns its exit status. */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new FactorgateCommand());
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof Bootstrap.Exit exit) {
            return exit.status;
          }
          if (e instanceof dev.factorgate.web.HttpProblem p) {
            // the services' answers to bad input or unknown ids: their detail is written for people
            System.err.println("factorgate: " + p.detail());
            return p.status() == 400 ? 2 : 1;
          }
          System.err.println("factorgate: " + e.getMessage());
          return 1;
        });
    if (args.length == 0) {
      cl.usage(System.out);
      return 0;
    }
    return cl.execute(configLast(args));
  }

  /**
   * {@code factorgate --config F serve} means {@code factorgate serve --config F}: the option is
   * declared by each command that reads the configuration, so given first it moves to the end.
   */
  static String[] configLast(String[] args) {
    int take = args.length >= 2 && "--config".equals(args[0]) ? 2 : args.length >= 1 && args[0].startsWith("--config=") ? 1 : 0;
    if (take == 0 || args.length == take) {
      return args;
    }
    String[] out = new String[args.length];
    System.arraycopy(args, take, out, 0, args.length - take);
    System.arraycopy(args, 0, out, args.length - take, take);
    return out;
  }
}
