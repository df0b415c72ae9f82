package dev.factorgate.support;

import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * A GreenMail SMTP setup on a port that is free when the test class loads, so that several builds
 * on one machine do not fight over GreenMail's default 3025, and the port stays the same when a
 * test stops and restarts the server.
 */
public final class TestSmtp {

  private TestSmtp() {}

  public static ServerSetup freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      ServerSetup setup = new ServerSetup(s.getLocalPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
      setup.setServerStartupTimeout(10_000);
      return setup;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The YAML that points the gateway's mail at this server. */
  public static String yaml(ServerSetup setup) {
    return "email: { smtp: { host: 127.0.0.1, port: " + setup.getPort() + ", starttls: disabled }, send_timeout: 3s }\n";
  }
}
