package dev.factorgate.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.factorgate.config.GatewayConfig.Admin;
import dev.factorgate.config.GatewayConfig.AdminToken;
import dev.factorgate.config.GatewayConfig.Campaigns;
import dev.factorgate.config.GatewayConfig.Database;
import dev.factorgate.config.GatewayConfig.Email;
import dev.factorgate.config.GatewayConfig.Enrolment;
import dev.factorgate.config.GatewayConfig.Identity;
import dev.factorgate.config.GatewayConfig.Listener;
import dev.factorgate.config.GatewayConfig.LoginRoute;
import dev.factorgate.config.GatewayConfig.Lockout;
import dev.factorgate.config.GatewayConfig.Policy;
import dev.factorgate.config.GatewayConfig.Secrets;
import dev.factorgate.config.GatewayConfig.SecureCookies;
import dev.factorgate.config.GatewayConfig.Server;
import dev.factorgate.config.GatewayConfig.Smtp;
import dev.factorgate.config.GatewayConfig.Success;
import dev.factorgate.config.GatewayConfig.Totp;
import dev.factorgate.config.GatewayConfig.Upstream;
import dev.factorgate.config.GatewayConfig.Whoami;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code conf/factorgate.yaml} (or another file) into a {@link GatewayConfig}, applies the
 * environment overrides of SPEC section 9, and validates the result. Every problem is collected and
 * reported at once through {@link ConfigException}.
 */
public final class ConfigLoader {

  /** The file used when neither {@code --config} nor {@code FACTORGATE_CONFIG} names one. */
  public static final Path DEFAULT_FILE = Path.of("conf", "factorgate.yaml");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Map<String, String> env;

  public ConfigLoader(Map<String, String> env) {
    this.env = env;
  }

  /** The file to read: the explicit one, else {@code FACTORGATE_CONFIG}, else the default. */
  public Path resolveFile(Path explicit) {
    if (explicit != null) {
      return explicit;
    }
    String fromEnv = env.get("FACTORGATE_CONFIG");
    return fromEnv == null || fromEnv.isBlank() ? DEFAULT_FILE : Path.of(fromEnv);
  }

  /** Loads and validates a file; throws {@link ConfigException} listing every problem. */
  public GatewayConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(
          List.of(new ConfigProblem("config file", file.toString(), "must be a readable file")));
    }
    return parse(text, file.toString());
  }

  /** Parses and validates YAML text. */
  public GatewayConfig parse(String yaml, String source) {
    JsonNode root;
    try {
      root = yaml.isBlank() ? null : YAML.readTree(yaml);
    } catch (JacksonException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
      throw new ConfigException(
          List.of(new ConfigProblem(source, "not YAML" + where, "must be valid YAML")));
    }
    List<ConfigProblem> problems = new ArrayList<>();
    GatewayConfig config = read(new ConfigNode(root, "", problems), problems);
    problems.addAll(new ConfigValidator().validate(config));
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return config;
  }

  private GatewayConfig read(ConfigNode root, List<ConfigProblem> problems) {
    GatewayConfig config =
        new GatewayConfig(
            server(root.child("server"), problems),
            upstream(root.child("upstream"), problems),
            database(root.child("database")),
            new Secrets(path(root.child("secrets"), "master_keys_file")),
            totp(root.child("totp")),
            email(root.child("email")),
            policy(root.child("policy")),
            enrolment(root.child("enrolment")),
            campaigns(root.child("campaigns")),
            admin(root.child("admin")));
    root.rejectUnknownKeys();
    return config;
  }

  private Server server(ConfigNode n, List<ConfigProblem> problems) {
    ConfigNode pub = n.child("public");
    ConfigNode adm = n.child("admin");
    Listener publicListener =
        new Listener(
            pub.string("host", "0.0.0.0"),
            envInt("FACTORGATE_PUBLIC_PORT", pub.integer("port", 8080), problems));
    Listener admin =
        new Listener(
            adm.string("host", "127.0.0.1"),
            envInt("FACTORGATE_ADMIN_PORT", adm.integer("port", 8081), problems));
    pub.rejectUnknownKeys();
    adm.rejectUnknownKeys();
    String secure = n.string("secure_cookies", "auto");
    SecureCookies secureCookies = SecureCookies.AUTO;
    try {
      secureCookies = SecureCookies.valueOf(secure.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.add(
          new ConfigProblem("server.secure_cookies", "'" + secure + "'", "must be one of auto, always, never"));
    }
    List<Cidr> trusted = new ArrayList<>();
    List<String> cidrs = n.strings("trusted_proxies", List.of());
    for (int i = 0; i < cidrs.size(); i++) {
      Cidr c = Cidr.parse(cidrs.get(i));
      if (c == null) {
        problems.add(
            new ConfigProblem(
                "server.trusted_proxies[" + i + "]", "'" + cidrs.get(i) + "'", "must be an IP address or CIDR"));
      } else {
        trusted.add(c);
      }
    }
    Server server =
        new Server(
            publicListener,
            admin,
            n.string("prefix", "/_factorgate"),
            secureCookies,
            List.copyOf(trusted),
            n.size("max_body", 1024 * 1024),
            n.string("public_url", null),
            envCount("FACTORGATE_EVENT_LOOPS", n.integer("event_loops", 0), problems));
    n.rejectUnknownKeys();
    return server;
  }

  private Upstream upstream(ConfigNode n, List<ConfigProblem> problems) {
    String url = env.getOrDefault("FACTORGATE_UPSTREAM_URL", n.string("url", "http://127.0.0.1:9000"));
    URI uri = null;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      problems.add(new ConfigProblem("upstream.url", "'" + url + "'", "must be an http:// or https:// URL"));
    }
    List<LoginRoute> routes = new ArrayList<>();
    for (ConfigNode r : n.nodes("login_routes")) {
      routes.add(
          new LoginRoute(
              r.string("name", null),
              r.string("method", "POST").toUpperCase(Locale.ROOT),
              r.string("path", null),
              r.string("factor", null),
              r.bool("api", false)));
      r.rejectUnknownKeys();
    }
    ConfigNode s = n.child("success");
    List<Integer> statuses = new ArrayList<>();
    List<String> rawStatuses = s.strings("status", List.of("200", "302", "303"));
    for (int i = 0; i < rawStatuses.size(); i++) {
      String v = rawStatuses.get(i);
      if (v.matches("\\d{3}")) {
        statuses.add(Integer.parseInt(v));
      } else {
        problems.add(new ConfigProblem("upstream.success.status[" + i + "]", "'" + v + "'", "must be an HTTP status"));
      }
    }
    Success success = new Success(List.copyOf(statuses), s.string("set_cookie", null));
    s.rejectUnknownKeys();
    ConfigNode id = n.child("identity");
    Whoami whoami = null;
    if (id.has("whoami")) {
      ConfigNode w = id.child("whoami");
      whoami =
          new Whoami(
              w.string("path", null),
              w.string("json_pointer", null),
              w.string("phone_pointer", null),
              w.string("email_pointer", null));
      w.rejectUnknownKeys();
    } else {
      id.child("whoami");
    }
    Identity identity =
        new Identity(
            id.string("header", null),
            id.string("json_pointer", null),
            id.string("phone_pointer", null),
            id.string("email_pointer", null),
            whoami,
            id.string("default_region", null));
    id.rejectUnknownKeys();
    Upstream upstream =
        new Upstream(
            uri,
            n.string("login_page", "/login"),
            List.copyOf(routes),
            success,
            identity,
            n.duration("timeout", Duration.ofSeconds(30)),
            n.size("max_inspected_body", 1024 * 1024),
            n.integer("pool_size", 512));
    n.rejectUnknownKeys();
    return upstream;
  }

  private Database database(ConfigNode n) {
    String url = env.getOrDefault("FACTORGATE_DATABASE_URL", n.string("url", null));
    Database db = new Database(url == null || url.isBlank() ? null : url, n.integer("pool_size", 16));
    n.rejectUnknownKeys();
    return db;
  }

  private static Path path(ConfigNode n, String key) {
    String v = n.string(key, null);
    n.rejectUnknownKeys();
    return v == null || v.isBlank() ? null : Path.of(v);
  }

  private static Totp totp(ConfigNode n) {
    Totp t =
        new Totp(
            n.string("issuer", "factorgate"),
            n.string("algorithm", "SHA1"),
            n.integer("digits", 6),
            n.integer("period", 30),
            n.integer("window", 1));
    n.rejectUnknownKeys();
    return t;
  }

  private static Email email(ConfigNode n) {
    ConfigNode s = n.child("smtp");
    Smtp smtp =
        new Smtp(
            s.string("host", "127.0.0.1"),
            s.integer("port", 25),
            s.string("starttls", "optional"),
            s.string("username", null),
            s.string("from", "factorgate <no-reply@localhost>"));
    s.rejectUnknownKeys();
    String outbox = n.string("outbox_dir", null);
    Email e =
        new Email(
            n.string("role", "factor"),
            smtp,
            outbox == null || outbox.isBlank() ? null : Path.of(outbox),
            n.duration("code_ttl", Duration.ofMinutes(10)),
            n.duration("send_timeout", Duration.ofSeconds(10)));
    n.rejectUnknownKeys();
    return e;
  }

  private static Policy policy(ConfigNode n) {
    ConfigNode l = n.child("lockout");
    Lockout lockout =
        new Lockout(
            l.integer("delay_after", 5),
            l.duration("base_delay", Duration.ofSeconds(30)),
            l.duration("max_delay", Duration.ofHours(1)),
            l.integer("lock_after", 20),
            l.integer("per_ip_per_minute", 60));
    l.rejectUnknownKeys();
    Policy p =
        new Policy(
            n.bool("disable_sms_only_on_enrol", true),
            n.duration("pending_login_ttl", Duration.ofMinutes(5)),
            n.duration("step_up_max_age", Duration.ofMinutes(5)),
            n.duration("session_ttl", Duration.ofHours(12)),
            lockout,
            List.copyOf(n.strings("virtual_number_prefixes", List.of())));
    n.rejectUnknownKeys();
    return p;
  }

  private static Enrolment enrolment(ConfigNode n) {
    Enrolment e = new Enrolment(n.bool("confirm_email_on_file", true));
    n.rejectUnknownKeys();
    return e;
  }

  private static Campaigns campaigns(ConfigNode n) {
    Campaigns c = new Campaigns(n.integer("notify_per_second", 20));
    n.rejectUnknownKeys();
    return c;
  }

  private static Admin admin(ConfigNode n) {
    List<AdminToken> tokens = new ArrayList<>();
    for (ConfigNode t : n.nodes("tokens")) {
      tokens.add(new AdminToken(t.string("name", null), t.string("sha256", null)));
      t.rejectUnknownKeys();
    }
    n.rejectUnknownKeys();
    return new Admin(List.copyOf(tokens));
  }

  private int envCount(String name, int fallback, List<ConfigProblem> problems) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    if (v.trim().matches("\\d{1,4}")) {
      return Integer.parseInt(v.trim());
    }
    problems.add(new ConfigProblem("env " + name, "'" + v + "'", "must be a number"));
    return fallback;
  }

  private int envInt(String name, int fallback, List<ConfigProblem> problems) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    if (v.trim().matches("\\d{1,5}")) {
      return Integer.parseInt(v.trim());
    }
    problems.add(new ConfigProblem("env " + name, "'" + v + "'", "must be a port number"));
    return fallback;
  }
}
