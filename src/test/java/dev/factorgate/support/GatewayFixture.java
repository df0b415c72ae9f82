package dev.factorgate.support;

import static dev.factorgate.support.Forms.form;

import dev.factorgate.Gateway;
import dev.factorgate.config.GatewayConfig;
import dev.factorgate.store.DatabaseTarget;
import dev.factorgate.store.MasterKeys;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The real parts of an end-to-end test: the demo site, a fresh database, a movable clock and one
 * or two gateway instances, with the requests a browser or an app would send.
 */
public final class GatewayFixture implements AutoCloseable {

  public static final String ALICE = "+8613800138000";

  public final DemoSite demo = new DemoSite();
  public final DatabaseTarget db = TestDatabase.fresh();
  public final Sql sql = new Sql(db);
  public final MutableClock clock = MutableClock.systemNow();
  private final GatewayConfig config;
  private MasterKeys keys = TestKeys.keys();
  private Gateway a;
  private Gateway b;

  public GatewayFixture() {
    this(null);
  }

  /**
   * With extra YAML appended to the test configuration (e.g. a policy section). Unless the extra
   * YAML says otherwise, the email-on-file rule is off, so that tests about other things can enrol
   * an authenticator directly; the rule has tests of its own.
   */
  public GatewayFixture(String extraYaml) {
    String extra = extraYaml == null ? "" : extraYaml;
    if (!extra.contains("enrolment:")) {
      extra += "enrolment: { confirm_email_on_file: false }\n";
    }
    config = TestConfig.parse(TestConfig.yaml(demo.port()) + extra);
    a = Gateway.start(config, db, keys, clock).await();
  }

  public Gateway a() {
    return a;
  }

  /** A second instance on the same database. */
  public Gateway b() {
    if (b == null) {
      b = Gateway.start(config, db, keys, clock).await();
    }
    return b;
  }

  /** Stops the instances and starts one again with other master keys, as an operator does to change them. */
  public void restartWith(MasterKeys newKeys) {
    a.close();
    if (b != null) {
      b.close();
      b = null;
    }
    keys = newKeys;
    a = Gateway.start(config, db, keys, clock).await();
  }

  public static String base(Gateway g) {
    return "http://127.0.0.1:" + g.publicPort();
  }

  /** Logs in to the demo site by SMS through a gateway. */
  public HttpResponse<String> smsLogin(Gateway g, String phone, boolean json) {
    return smsLogin(demo, g, phone, json);
  }

  /** Logs in to {@code demo} by SMS through a gateway: as a JSON client, or as a browser's form. */
  public static HttpResponse<String> smsLogin(DemoSite demo, Gateway g, String phone, boolean json) {
    HttpResponse<String> sent = Http.send(Http.request(base(g) + "/login/sms/send")
        .header("Content-Type", "application/x-www-form-urlencoded").POST(form("phone", phone)).build());
    if (sent.statusCode() != 303) {
      throw new AssertionError("asking for an SMS code got " + sent.statusCode() + ": "
          + sent.body().substring(0, Math.min(200, sent.body().length())));
    }
    String code = demo.lastCode(phone);
    HttpRequest.Builder r = Http.request(base(g) + "/login/sms");
    if (json) {
      r.header("Content-Type", "application/json").header("Accept", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("phone", phone).put("code", code).encode()));
    } else {
      r.header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html").POST(form("phone", phone, "code", code));
    }
    return Http.send(r.build());
  }

  /** The pending token of an API login that was held. */
  public String heldApiLogin(Gateway g, String phone) {
    HttpResponse<String> r = smsLogin(g, phone, true);
    if (r.statusCode() != 401) {
      throw new AssertionError("expected a held login, got " + r.statusCode() + " " + r.body());
    }
    return new JsonObject(r.body()).getString("pending_token");
  }

  /** A JSON API call under the prefix with a bearer token (pending or session). */
  public HttpResponse<String> api(Gateway g, String method, String path, String bearer, JsonObject body) {
    HttpRequest.Builder r = Http.request(base(g) + "/_factorgate" + path).header("Accept", "application/json");
    if (bearer != null) {
      r.header("Authorization", "Bearer " + bearer);
    }
    if (body != null) {
      r.header("Content-Type", "application/json");
    }
    r.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    return Http.send(r.build());
  }

  public HttpResponse<String> post(Gateway g, String path, String bearer, JsonObject body) {
    return api(g, "POST", path, bearer, body);
  }

  /** Alice exists as an SMS-only account in an active nudge campaign. */
  public void aliceInNudgeCampaign() {
    sql.update("insert into accounts (user_id, phone) values ('u1001', ?) on conflict do nothing", ALICE);
    sql.update("insert into campaigns (name, mode, audience, created_by) values ('nudge', 'nudge', '{}'::jsonb, 't')");
    sql.update("insert into campaign_members (campaign_id, account_id) select c.id, a.id from campaigns c, accounts a where a.user_id = 'u1001'");
  }

  @Override
  public void close() {
    a.close();
    if (b != null) {
      b.close();
    }
    demo.close();
  }
}
