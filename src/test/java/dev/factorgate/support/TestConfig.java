package dev.factorgate.support;

import dev.factorgate.config.ConfigLoader;
import dev.factorgate.config.GatewayConfig;
import java.util.Map;

/** Gateway configurations for tests, written as YAML and read by the real loader. */
public final class TestConfig {

  private TestConfig() {}

  /** The demo-like configuration, pointing at an upstream on this port, on free local ports. */
  public static String yaml(int upstreamPort) {
    return """
        server:
          public: { host: 127.0.0.1, port: 0 }
          admin: { host: 127.0.0.1, port: 0 }
        upstream:
          url: http://127.0.0.1:%d
          timeout: 2s
          login_routes:
            - { name: sms, method: POST, path: /login/sms, factor: sms }
            - { name: password, method: POST, path: /login/password, factor: password }
          success: { status: [200, 302, 303], set_cookie: demo_session }
          identity:
            header: X-Authenticated-User
            json_pointer: /user/id
            phone_pointer: /user/phone
            email_pointer: /user/email
            whoami: { path: /api/me, json_pointer: /id, phone_pointer: /phone, email_pointer: /email }
            default_region: CN
        """
        .formatted(upstreamPort);
  }

  public static GatewayConfig parse(String yaml) {
    return new ConfigLoader(Map.of()).parse(yaml, "test");
  }

  public static GatewayConfig forUpstream(int upstreamPort) {
    return parse(yaml(upstreamPort));
  }
}
