package dev.factorgate.bench;

import dev.factorgate.factor.totp.Hotp;
import dev.factorgate.factor.totp.TotpAlgorithm;
import dev.factorgate.proxy.HeldResponse;
import dev.factorgate.session.Tokens;
import dev.factorgate.store.MasterKeys;
import dev.factorgate.store.SecretBox;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The load generator of the {@code challenges} section of {@code scripts/bench} (not a JUnit test).
 *
 * <pre>
 * ChallengeBench preload --jdbc URL --seed HEX --accounts N
 * ChallengeBench drive --url http://127.0.0.1:PORT --seed HEX --first K --accounts N
 *                      --warmup S --duration S --concurrency C --out FILE.json
 * </pre>
 *
 * <p>{@code preload} fills an empty, migrated database the way a gateway that has been in service
 * would have: N accounts with policy {@code second_factor_required}, each with one active TOTP
 * factor (a 20-byte secret sealed with SecretBox under {@code FACTORGATE_MASTER_KEYS}, bound to its
 * factor id, as enrolment seals it) and one held login waiting for its challenge (the SHA-256 of a
 * 256-bit token, a small upstream answer sealed and bound to {@code pending_logins:response:<id>},
 * expiring in an hour). Everything goes in with {@code COPY}; then {@code VACUUM ANALYZE}.
 *
 * <p>Secrets and tokens are derived from the seed and the account's number (HMAC-SHA256), so that
 * {@code drive}, a separate process, knows them without a file. {@code drive} answers the held
 * logins in account order from K on, each exactly once, with the current TOTP code: POST
 * {@code /_factorgate/api/challenge} {@code {"method":"totp","code"}} with {@code Authorization:
 * Bearer <pending token>} and, as from a load balancer in {@code server.trusted_proxies}, an
 * {@code X-Forwarded-For} of the account's own address (198.18.0.0/15, the range RFC 2544 sets
 * aside for benchmarks; only a header, nothing is sent there). C requests are in flight at all
 * times over C keep-alive connections. A request counts as verified when the answer is the held one
 * (status 200, the held body byte for byte, a new {@code Factorgate-Session}); anything else is an
 * error. After a warm-up of S seconds, the verified answers that complete within the measured
 * seconds are counted per second. The result is written as JSON.
 */
public final class ChallengeBench {

  static final String HELD_COOKIE = "demo_session=bench-session; Path=/; HttpOnly";

  private ChallengeBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage();
    }
    Map<String, String> o = options(args);
    switch (args[0]) {
      case "preload" -> preload(o.get("jdbc"), HexFormat.of().parseHex(o.get("seed")), Integer.parseInt(o.get("accounts")));
      case "drive" -> drive(o);
      default -> usage();
    }
  }

  private static void usage() {
    System.err.println("usage: ChallengeBench preload --jdbc URL --seed HEX --accounts N\n"
        + "       ChallengeBench drive --url URL --seed HEX --first K --accounts N --warmup S --duration S --concurrency C --out FILE");
    System.exit(2);
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> o = new HashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        usage();
      }
      o.put(args[i].substring(2), args[i + 1]);
    }
    return o;
  }

  // -------------------------------------------------------------------------------------------
  // what both sides derive from the seed

  /** Secrets and tokens of account number i (1-based), from the seed. */
  static final class Derived {
    private final Mac mac;

    Derived(byte[] seed) throws GeneralSecurityException {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(seed, "HmacSHA256"));
    }

    byte[] secret(int i) {
      return Arrays.copyOf(mac.doFinal(("secret:" + i).getBytes(StandardCharsets.US_ASCII)), 20);
    }

    String token(int i) {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(("token:" + i).getBytes(StandardCharsets.US_ASCII)));
    }
  }

  static String userId(int i) {
    return String.format("bench-%07d", i);
  }

  static String heldBody(int i) {
    return "{\"user\":{\"id\":\"" + userId(i) + "\"}}";
  }

  /** The client address of account i: 198.18.0.0/15, one per account (wrapping after 131,072). */
  static String ip(int i) {
    int n = i % 131_072;
    return "198." + (18 + (n >> 16)) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
  }

  // -------------------------------------------------------------------------------------------
  // preload

  private static void preload(String jdbc, byte[] seed, int n) throws Exception {
    long t0 = System.nanoTime();
    MasterKeys keys = MasterKeys.parse(System.getenv("FACTORGATE_MASTER_KEYS"), "FACTORGATE_MASTER_KEYS");
    SecretBox box = new SecretBox(keys, new SecureRandom());
    Derived d = new Derived(seed);
    Properties p = new Properties();
    p.setProperty("user", "postgres");
    try (Connection c = DriverManager.getConnection(jdbc, p)) {
      c.setAutoCommit(false);
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from accounts")) {
        rs.next();
        if (rs.getLong(1) != 0) {
          throw new IllegalStateException("preload needs an empty database (accounts has rows)");
        }
      }
      StringBuilder sb = new StringBuilder(64 * n);
      for (int i = 1; i <= n; i++) {
        // +86 139 … : valid CN mobile numbers, one per account
        sb.append(userId(i)).append('\t').append("+86139").append(String.format("%08d", i)).append('\t')
            .append("second_factor_required").append('\t').append("2025-01-01 00:00:00+00").append('\n');
      }
      copy.copyIn("copy accounts (user_id, phone, login_policy, phone_verified_at) from stdin", new StringReader(sb.toString()));
      long[] accountId = new long[n + 1];
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select id, user_id from accounts")) {
        while (rs.next()) {
          accountId[Integer.parseInt(rs.getString(2).substring(6))] = rs.getLong(1);
        }
      }
      HexFormat hex = HexFormat.of();
      sb.setLength(0);
      for (int i = 1; i <= n; i++) {
        UUID id = UUID.randomUUID();
        byte[] sealed = box.seal(d.secret(i), "factors", "secret", id);
        sb.append(id).append('\t').append(accountId[i]).append("\ttotp\tactive\tauthenticator\t\\\\x").append(hex.formatHex(sealed))
            .append("\tSHA1\t6\t30\t2025-01-01 00:00:00+00\t2025-01-01 00:00:00+00\n");
      }
      copy.copyIn("copy factors (id, account_id, kind, status, label, secret, algorithm, digits, period, created_at, confirmed_at) from stdin",
          new StringReader(sb.toString()));
      sb.setLength(0);
      String created = java.time.Instant.now().toString();
      String expires = java.time.Instant.now().plus(java.time.Duration.ofHours(1)).toString();
      for (int i = 1; i <= n; i++) {
        UUID id = UUID.randomUUID();
        HeldResponse held = new HeldResponse(200, "OK",
            List.of(Map.entry("Content-Type", "application/json"), Map.entry("Set-Cookie", HELD_COOKIE)),
            Buffer.buffer(heldBody(i)));
        byte[] sealed = box.seal(held.serialize().getBytes(), "pending_logins", "response", id);
        sb.append(id).append("\t\\\\x").append(hex.formatHex(Tokens.hash(d.token(i)))).append('\t').append(accountId[i])
            .append("\tsms\tsms\tchallenge\t0\t\\\\x").append(hex.formatHex(sealed)).append("\t/\ttrue\t").append(ip(i))
            .append("\tbench\t").append(created).append('\t').append(expires).append('\n');
      }
      copy.copyIn("copy pending_logins (id, token_hash, account_id, route, login_method, outcome, snoozes_left, response, "
          + "destination, api, client_ip, instance, created_at, expires_at) from stdin", new StringReader(sb.toString()));
      c.commit();
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.execute("vacuum analyze");
        s.execute("checkpoint");
      }
    }
    System.out.printf("preloaded %,d accounts, factors and held logins in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
  }

  // -------------------------------------------------------------------------------------------
  // drive

  private static void drive(Map<String, String> o) throws Exception {
    java.net.URI url = java.net.URI.create(o.get("url"));
    byte[] seed = HexFormat.of().parseHex(o.get("seed"));
    int first = Integer.parseInt(o.get("first"));
    int accounts = Integer.parseInt(o.get("accounts"));
    double warmup = Double.parseDouble(o.getOrDefault("warmup", "5"));
    double duration = Double.parseDouble(o.getOrDefault("duration", "10"));
    int concurrency = Integer.parseInt(o.getOrDefault("concurrency", "64"));
    Path out = Path.of(o.get("out"));

    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
    HttpClient client = vertx.httpClientBuilder()
        .with(new HttpClientOptions().setKeepAlive(true).setDefaultHost(url.getHost()).setDefaultPort(url.getPort()))
        .with(new PoolOptions().setHttp1MaxSize(concurrency))
        .build();
    Run run = new Run(new Derived(seed), first, accounts, warmup, duration, concurrency);
    vertx.runOnContext(v -> run.start(client));
    run.done.await((long) (warmup + duration + 120), TimeUnit.SECONDS);
    client.close().await();
    vertx.close().await();
    JsonObject result = run.result();
    Files.writeString(out, result.encodePrettily() + "\n");
    System.out.println(result.encode());
  }

  /** One measured run; all of its state lives on the driver's single event loop. */
  static final class Run {
    final Derived derived;
    final int accounts;
    final long warmupNs;
    final long endNs;
    final int concurrency;
    final CountDownLatch done = new CountDownLatch(1);
    final AtomicInteger inFlight = new AtomicInteger();
    final Map<String, Integer> errors = new TreeMap<>();
    final String path = "/_factorgate/api/challenge";
    int next;
    long t0;
    long verified;
    long verifiedWarmup;
    long errorCount;
    long[] perSecond;
    long[] latencyUs = new long[1 << 16];
    int latencies;
    boolean ranOut;
    String firstError;

    Run(Derived derived, int first, int accounts, double warmup, double duration, int concurrency) {
      this.derived = derived;
      this.next = first;
      this.accounts = accounts;
      this.warmupNs = (long) (warmup * 1e9);
      this.endNs = (long) ((warmup + duration) * 1e9);
      this.concurrency = concurrency;
      this.perSecond = new long[(int) Math.ceil(duration)];
    }

    void start(HttpClient client) {
      t0 = System.nanoTime();
      for (int i = 0; i < concurrency; i++) {
        inFlight.incrementAndGet();
        send(client);
      }
    }

    void send(HttpClient client) {
      long now = System.nanoTime() - t0;
      if (now >= endNs || next > accounts) {
        ranOut |= next > accounts && now < endNs;
        if (inFlight.decrementAndGet() == 0) {
          done.countDown();
        }
        return;
      }
      int i = next++;
      String token = derived.token(i);
      byte[] secret = derived.secret(i);
      long step = System.currentTimeMillis() / 1000 / 30;
      String code = Hotp.format(Hotp.generate(secret, step, 6, TotpAlgorithm.SHA1), 6);
      String expected = heldBody(i);
      RequestOptions ro = new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
          .putHeader("Authorization", "Bearer " + token)
          .putHeader("Content-Type", "application/json")
          .putHeader("Accept", "application/json")
          .putHeader("X-Forwarded-For", ip(i));
      Buffer body = Buffer.buffer("{\"method\":\"totp\",\"code\":\"" + code + "\"}");
      long started = System.nanoTime();
      client.request(ro)
          .compose(req -> req.send(body))
          .compose(resp -> resp.body().map(b -> {
            boolean ok = resp.statusCode() == 200 && b.toString(StandardCharsets.UTF_8).equals(expected)
                && resp.getHeader("Factorgate-Session") != null;
            return ok ? "ok" : resp.statusCode() + " " + abbreviate(b.toString(StandardCharsets.UTF_8));
          }))
          .onComplete(ar -> {
            long end = System.nanoTime();
            String outcome = ar.succeeded() ? ar.result() : "exception " + ar.cause().getClass().getSimpleName() + ": " + ar.cause().getMessage();
            record(outcome, started - t0, end - t0, end - started);
            send(client);
          });
    }

    void record(String outcome, long startedNs, long endedNs, long latencyNs) {
      boolean measured = endedNs >= warmupNs && endedNs < endNs;
      if (!"ok".equals(outcome)) {
        errorCount++;
        String kind = outcome.length() > 3 ? outcome.substring(0, outcome.indexOf(' ') > 0 ? outcome.indexOf(' ') : outcome.length()) : outcome;
        errors.merge(kind, 1, Integer::sum);
        if (firstError == null) {
          firstError = outcome;
        }
        return;
      }
      if (!measured) {
        if (endedNs < warmupNs) {
          verifiedWarmup++;
        }
        return;
      }
      verified++;
      int s = (int) ((endedNs - warmupNs) / 1_000_000_000L);
      if (s < perSecond.length) {
        perSecond[s]++;
      }
      if (startedNs >= warmupNs) {
        if (latencies == latencyUs.length) {
          latencyUs = Arrays.copyOf(latencyUs, latencies * 2);
        }
        latencyUs[latencies++] = latencyNs / 1000;
      }
    }

    JsonObject result() {
      double seconds = (endNs - warmupNs) / 1e9;
      long[] lat = Arrays.copyOf(latencyUs, latencies);
      Arrays.sort(lat);
      io.vertx.core.json.JsonArray ps = new io.vertx.core.json.JsonArray();
      for (long v : perSecond) {
        ps.add(v);
      }
      return new JsonObject()
          .put("verified", verified)
          .put("verified_per_s", Math.round(verified / seconds))
          .put("verified_warmup", verifiedWarmup)
          .put("errors", errorCount)
          .put("error_kinds", new JsonObject(new HashMap<>(errors)))
          .put("first_error", firstError)
          .put("per_second", ps)
          .put("p50_ms", percentile(lat, 0.50))
          .put("p99_ms", percentile(lat, 0.99))
          .put("next_account", next)
          .put("ran_out_of_accounts", ranOut)
          .put("concurrency", concurrency)
          .put("measured_s", seconds);
    }

    private static double percentile(long[] sorted, double q) {
      if (sorted.length == 0) {
        return 0;
      }
      int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
      return Math.round(sorted[Math.max(0, i)] / 10.0) / 100.0;
    }

    private static String abbreviate(String s) {
      return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
  }

}
