package dev.factorgate.demo;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the demo upstream listens and where it writes the SMS codes it "sends".
 *
 * @param host      interface to bind, e.g. {@code 127.0.0.1}
 * @param port      TCP port; {@code 0} picks a free port (tests), read it back with
 *                  {@link DemoUpstream#actualPort()}
 * @param outboxDir directory that receives {@code sms.log}; created on first use
 */
public record DemoOptions(String host, int port, Path outboxDir) {

  /** Port used by {@link #defaults()}; the gateway quickstart config points at it. */
  public static final int DEFAULT_PORT = 9000;

  /** Validates eagerly so a bad option fails at construction, not at the first request. */
  public DemoOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(outboxDir, "outboxDir");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /**
   * Loopback only, port {@value #DEFAULT_PORT}, outbox in {@code var/outbox}: the demo should
   * never be reachable from other machines by accident.
   *
   * @return the quickstart defaults
   */
  public static DemoOptions defaults() {
    return new DemoOptions("127.0.0.1", DEFAULT_PORT, Path.of("var", "outbox"));
  }
}
