package dev.factorgate.config;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when the configuration has problems; carries every one of them. */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final transient List<ConfigProblem> problems;

  public ConfigException(List<ConfigProblem> problems) {
    super(
        problems.size()
            + " configuration problem(s):\n"
            + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<ConfigProblem> problems() {
    return problems;
  }
}
