package dev.factorgate.load;

import static dev.factorgate.support.GatewayFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.support.Enrolment;
import dev.factorgate.support.GatewayFixture;
import dev.factorgate.support.Http;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A steady mixed load on loopback for a bounded time — passthrough pages, SMS-only logins released
 * at once, nudged logins snoozed, and second-factor challenges — on two instances. Checks errors,
 * memory growth and connections; it measures no speed (that is scripts/bench's job).
 */
class SteadyMixedLoadTest {

  private static final Duration RUN = Duration.ofSeconds(15);

  @Test
  void holdsASteadyMixedLoadWithoutErrorsLeaksOrGrowth() throws Exception {
    try (GatewayFixture f = new GatewayFixture("policy: { lockout: { per_ip_per_minute: 1000000 } }\n")) {
      Enrolment alice = Enrolment.alice(f); // Alice: authenticator, challenged at each login
      String bob = "+8613900139000";
      f.sql.update("insert into accounts (user_id, phone) values ('u1002', ?)", bob);
      f.sql.update("insert into campaign_members (campaign_id, account_id) select c.id, a.id from campaigns c, accounts a where a.user_id = 'u1002'");
      f.b();
      AtomicLong ok = new AtomicLong();
      AtomicLong errors = new AtomicLong();
      List<String> samples = new java.util.concurrent.CopyOnWriteArrayList<>();

      runFor(Duration.ofSeconds(3), f, ok, errors, samples, bob, alice); // warm-up
      long heapBefore = usedHeapAfterGc();
      ok.set(0);
      errors.set(0);
      runFor(RUN, f, ok, errors, samples, bob, alice);
      long heapAfter = usedHeapAfterGc();

      assertThat(ok.get()).as("requests completed").isGreaterThan(200);
      assertThat(errors.get()).as("errors among %d requests: %s", ok.get(), samples).isLessThanOrEqualTo(ok.get() / 1000);
      assertThat(heapAfter - heapBefore).as("heap growth over the run").isLessThan(64L * 1024 * 1024);
      long connections = f.sql.count("select count(*) from pg_stat_activity where datname = current_database()");
      assertThat(connections).as("database connections (two pools of 16, plus this one)").isLessThanOrEqualTo(2 * 16 + 2);
      assertThat(Http.get("http://127.0.0.1:" + f.a().adminPort() + "/ready").statusCode()).isEqualTo(200);
      // every held login of the run was completed: nothing is left waiting
      assertThat(f.sql.count("select count(*) from pending_logins where consumed_at is null")).isLessThanOrEqualTo(2);
    }
  }

  private static void runFor(Duration d, GatewayFixture f, AtomicLong ok, AtomicLong errors, List<String> samples, String bob, Enrolment alice)
      throws Exception {
    long end = System.nanoTime() + d.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<?>> jobs = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int n = t;
      jobs.add(pool.submit(() -> {
        while (System.nanoTime() < end) {
          var g = n % 2 == 0 ? f.a() : f.b();
          count(Http.get(GatewayFixture.base(g) + "/static/ping"), 200, ok, errors, samples);
        }
      }));
    }
    jobs.add(pool.submit(() -> { // nudged logins, snoozed (unlimited snoozes)
      while (System.nanoTime() < end) {
        HttpResponse<String> held = smsLogin(f, f.a(), bob, errors, samples);
        if (held == null) {
          continue;
        }
        if (held.statusCode() != 401) {
          count(held, 401, ok, errors, samples);
          continue;
        }
        count(f.post(f.b(), "/api/enrol/later", new JsonObject(held.body()).getString("pending_token"), null), 200, ok, errors, samples);
      }
    }));
    jobs.add(pool.submit(() -> { // challenges with the authenticator, one step at a time
      while (System.nanoTime() < end) {
        HttpResponse<String> held = smsLogin(f, f.b(), ALICE, errors, samples);
        if (held == null) {
          continue;
        }
        String pending = new JsonObject(held.body()).getString("pending_token");
        f.clock.advance(Duration.ofSeconds(30));
        count(f.post(f.a(), "/api/challenge", pending, new JsonObject().put("method", "totp").put("code", alice.code(f))), 200, ok, errors, samples);
      }
    }));
    for (Future<?> j : jobs) {
      j.get(d.toSeconds() + 60, TimeUnit.SECONDS);
    }
    pool.shutdownNow();
  }

  /** An SMS login; a failed step (asking for the code, say) is counted as an error, not thrown. */
  private static HttpResponse<String> smsLogin(GatewayFixture f, dev.factorgate.Gateway g, String phone, AtomicLong errors, List<String> samples) {
    try {
      return f.smsLogin(g, phone, true);
    } catch (AssertionError e) {
      errors.incrementAndGet();
      if (samples.size() < 5) {
        samples.add(e.getMessage());
      }
      return null;
    }
  }

  private static void count(HttpResponse<String> r, int expected, AtomicLong ok, AtomicLong errors, List<String> samples) {
    if (r.statusCode() == expected) {
      ok.incrementAndGet();
    } else {
      errors.incrementAndGet();
      if (samples.size() < 5) {
        samples.add(r.statusCode() + " " + r.body().substring(0, Math.min(120, r.body().length())));
      }
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
