package dev.factorgate.admin;

import dev.factorgate.account.AccountDirectory;
import dev.factorgate.audit.AuditLog;
import dev.factorgate.audit.AuditTrail;
import dev.factorgate.campaign.CampaignService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of the admin dashboard, gathered in parallel: how many accounts still sign in by SMS
 * alone, each campaign's funnel and enrolments of the last {@link #DAYS} days, and the newest audit
 * entries. The result is a plain map for the template.
 */
final class Dashboard {

  static final int DAYS = 30;
  static final int AUDIT_ENTRIES = 20;
  private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Pool pool;
  private final CampaignService campaigns;
  private final boolean emailIsFactor;
  private final Clock clock;
  private final AccountDirectory accounts = new AccountDirectory();
  private final AuditTrail audit;
  private final AuditLog log;

  Dashboard(Pool pool, CampaignService campaigns, AuditLog log, boolean emailIsFactor, Clock clock) {
    this.pool = pool;
    this.campaigns = campaigns;
    this.log = log;
    this.emailIsFactor = emailIsFactor;
    this.clock = clock;
    this.audit = new AuditTrail(pool);
  }

  /** Audits a dashboard sign-in, refused ones too: who tried, from where. */
  Future<Void> signIn(String actor, boolean ok, String ip) {
    return log.record(pool, new AuditLog.Entry(actor, null, "admin.login", ok ? "ok" : "refused", ip, new JsonObject()));
  }

  Future<Map<String, Object>> model() {
    Future<long[]> counts = accounts.counts(pool, emailIsFactor);
    Future<JsonArray> list = campaigns.list();
    Future<Map<Long, Map<LocalDate, Long>>> perDay = campaigns.store().enrolmentsPerDay(pool, DAYS).map(Dashboard::perDay);
    Future<JsonArray> entries = audit.recent(null, AUDIT_ENTRIES);
    return Future.all(counts, list, perDay, entries).map(all -> {
      Map<String, Object> m = new HashMap<>();
      long total = counts.result()[0];
      long smsOnly = counts.result()[1];
      m.put("total", total);
      m.put("smsOnly", smsOnly);
      m.put("smsOnlyShare", percent(smsOnly, total));
      LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
      List<Map<String, Object>> cs = new ArrayList<>();
      for (Object o : list.result()) {
        cs.add(campaign((JsonObject) o, perDay.result(), today));
      }
      m.put("campaigns", cs);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Object o : entries.result()) {
        JsonObject e = (JsonObject) o;
        Map<String, Object> r = new HashMap<>();
        r.put("at", AT.format(Instant.parse(e.getString("at"))));
        r.put("actor", e.getString("actor"));
        r.put("userId", e.getString("user_id"));
        r.put("action", e.getString("action"));
        r.put("outcome", e.getString("outcome"));
        rows.add(r);
      }
      m.put("audit", rows);
      return m;
    });
  }

  private static Map<String, Object> campaign(JsonObject c, Map<Long, Map<LocalDate, Long>> perDay, LocalDate today) {
    Map<String, Object> m = new HashMap<>();
    long id = c.getLong("id");
    long targeted = c.getLong("targeted");
    m.put("id", id);
    m.put("name", c.getString("name"));
    m.put("mode", c.getString("mode"));
    m.put("status", c.getString("status"));
    m.put("notify", c.getString("notify"));
    // Message keys chosen here from known values: a template building keys from data would show a
    // raw key for any value nobody thought of.
    m.put("modeKey", "admin.mode." + c.getString("mode"));
    m.put("statusKey", "admin.status." + c.getString("status"));
    m.put("notifyKey", "admin.notify." + c.getString("notify"));
    m.put("targeted", targeted);
    List<Map<String, Object>> funnel = new ArrayList<>();
    JsonObject states = c.getJsonObject("states");
    for (String state : List.of("targeted", "notified", "snoozed", "enrolled", "exempt")) {
      long n = states.getLong(state, 0L);
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("state", state);
      s.put("stateKey", "admin.state." + state);
      s.put("count", n);
      s.put("share", percent(n, targeted));
      s.put("max", Math.max(1, targeted));
      funnel.add(s);
    }
    m.put("funnel", funnel);
    EnrolmentChart chart = EnrolmentChart.of(perDay.getOrDefault(id, Map.of()), today, DAYS);
    List<Map<String, Object>> bars = new ArrayList<>();
    for (EnrolmentChart.Bar b : chart.bars()) {
      bars.add(Map.of("x", b.x(), "y", b.y(), "width", b.width(), "height", b.height(), "day", b.day(), "count", b.count()));
    }
    m.put("bars", bars);
    m.put("chartMax", chart.max());
    m.put("chartTotal", chart.total());
    m.put("chartFirst", chart.first());
    m.put("chartLast", chart.last());
    m.put("chartBaseline", chart.baseline());
    m.put("chartWidth", EnrolmentChart.WIDTH);
    m.put("chartTop", EnrolmentChart.TOP);
    return m;
  }

  private static Map<Long, Map<LocalDate, Long>> perDay(io.vertx.sqlclient.RowSet<Row> rows) {
    Map<Long, Map<LocalDate, Long>> out = new HashMap<>();
    for (Row r : rows) {
      out.computeIfAbsent(r.getLong("campaign_id"), k -> new HashMap<>()).put(r.getLocalDate("day"), r.getLong("n"));
    }
    return out;
  }

  static String percent(long part, long whole) {
    return whole == 0 ? "0%" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
  }
}
