package dev.factorgate.cli;

import dev.factorgate.audit.AuditLog;
import dev.factorgate.campaign.CampaignRequest;
import dev.factorgate.campaign.CampaignService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code factorgate campaign create|list|stats|pause|resume|cancel}: the admin API's campaign calls,
 * through the same service, so both validate and audit alike.
 */
@Command(
    name = "campaign",
    description = "Campaigns that move SMS-only accounts to a second factor.",
    subcommands = {
      CampaignCommand.Create.class,
      CampaignCommand.ListCampaigns.class,
      CampaignCommand.Stats.class,
      CampaignCommand.Pause.class,
      CampaignCommand.Resume.class,
      CampaignCommand.Cancel.class
    })
final class CampaignCommand {

  /** Runs one call against the campaign service and closes everything. */
  static <T> T run(Path config, Function<CampaignService, Future<T>> work) throws Exception {
    try (CliDatabase db = CliDatabase.open(config)) {
      CampaignService service = new CampaignService(db.pool, new AuditLog(CliDatabase.instance()), db.emailIsFactor());
      return work.apply(service).await();
    }
  }

  @Command(name = "create", description = "Create a campaign and select its members (SMS-only accounts only).")
  static final class Create implements Callable<Integer> {
    @Option(names = "--name", required = true) String name;
    @Option(names = "--mode", required = true, description = "nudge or require") String mode;
    @Option(names = "--snooze-limit", description = "snoozes allowed (default: no limit)") Integer snoozeLimit;
    @Option(names = "--enforce-after", description = "require: deadline, ISO-8601 with time zone") String enforceAfter;
    @Option(names = "--notify", defaultValue = "none", description = "none or email") String notify;
    @Option(names = "--phone-prefix", description = "E.164 prefix such as +86170 (repeatable)") List<String> prefixes;
    @Option(names = "--virtual", description = "true: only virtual-number ranges; false: none of them") Boolean virtual;
    @Option(names = "--recycled", description = "true: only recycled numbers; false: none of them") Boolean recycled;
    @Option(names = "--last-login-after") String lastLoginAfter;
    @Option(names = "--last-login-before") String lastLoginBefore;
    @Option(names = "--user-ids", paramLabel = "FILE", description = "only these user ids, one per line") Path userIds;
    @Option(names = "--config", description = "Configuration file.") Path config;

    @Override
    public Integer call() throws Exception {
      JsonObject audience = new JsonObject()
          .put("phone_prefixes", prefixes == null ? new JsonArray() : new JsonArray(prefixes))
          .put("virtual", virtual)
          .put("recycled", recycled)
          .put("last_login_after", lastLoginAfter)
          .put("last_login_before", lastLoginBefore);
      if (userIds != null) {
        JsonArray ids = new JsonArray();
        Files.readAllLines(userIds, StandardCharsets.UTF_8).stream().map(String::strip).filter(s -> !s.isEmpty()).forEach(ids::add);
        audience.put("user_ids", ids);
      }
      JsonObject body = new JsonObject().put("name", name).put("mode", mode).put("audience", audience)
          .put("snooze_limit", snoozeLimit).put("enforce_after", enforceAfter).put("notify", notify);
      CampaignRequest request = CampaignRequest.parse(body);
      ProgressBar spinner = ProgressBar.forTerminal(0);
      JsonObject created;
      try (CliDatabase db = CliDatabase.open(config)) {
        CampaignService service = new CampaignService(db.pool, new AuditLog(CliDatabase.instance()), db.emailIsFactor());
        Future<JsonObject> f = service.create(request, CliDatabase.actor(), null);
        // Materialising is one statement, so there is no fraction to show: a spinner with the time.
        while (!f.isComplete()) {
          spinner.update(0, 0);
          Thread.sleep(100);
        }
        spinner.finish();
        created = f.await();
      }
      System.out.printf(Locale.ROOT, "campaign %d \"%s\" created: %,d account(s) targeted (%.1f s)%n",
          created.getLong("id"), request.name(), created.getLong("targeted"), spinner.elapsedSeconds());
      return 0;
    }
  }

  @Command(name = "list", description = "List campaigns, newest first, with their members per state.")
  static final class ListCampaigns implements Callable<Integer> {
    @Option(names = "--config", description = "Configuration file.") Path config;

    @Override
    public Integer call() throws Exception {
      JsonArray list = run(config, CampaignService::list);
      System.out.printf(Locale.ROOT, "%6s  %-24s %-8s %-10s %10s %10s %10s %10s%n", "id", "name", "mode", "status", "targeted",
          "notified", "snoozed", "enrolled");
      for (Object o : list) {
        JsonObject c = (JsonObject) o;
        JsonObject s = c.getJsonObject("states");
        System.out.printf(Locale.ROOT, "%6d  %-24s %-8s %-10s %,10d %,10d %,10d %,10d%n", c.getLong("id"), shorten(c.getString("name")),
            c.getString("mode"), c.getString("status"), c.getLong("targeted"), s.getLong("notified"), s.getLong("snoozed"), s.getLong("enrolled"));
      }
      return 0;
    }
  }

  @Command(name = "stats", description = "One campaign's figures (the admin API's JSON with --json).")
  static final class Stats implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID") long id;
    @Option(names = "--json") boolean json;
    @Option(names = "--config", description = "Configuration file.") Path config;

    @Override
    public Integer call() throws Exception {
      JsonObject s = run(config, service -> service.stats(id));
      if (json) {
        System.out.println(s.encodePrettily());
        return 0;
      }
      System.out.printf(Locale.ROOT, "campaign %d \"%s\": %s, %s, notify %s, %,d targeted%n", s.getLong("id"), s.getString("name"),
          s.getString("mode"), s.getString("status"), s.getString("notify"), s.getLong("targeted"));
      s.getJsonObject("states").forEach(e -> System.out.printf(Locale.ROOT, "  %-9s %,10d%n", e.getKey(), ((Number) e.getValue()).longValue()));
      JsonArray days = s.getJsonArray("enrolments_per_day");
      if (!days.isEmpty()) {
        System.out.println("  enrolments per day (UTC):");
        days.forEach(d -> System.out.printf(Locale.ROOT, "    %s %,8d%n", ((JsonObject) d).getString("day"), ((JsonObject) d).getLong("count")));
      }
      return 0;
    }
  }

  /** The three transitions share everything but their name. */
  abstract static class Transition implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID") long id;
    @Option(names = "--config", description = "Configuration file.") Path config;

    abstract String action();

    @Override
    public Integer call() throws Exception {
      JsonObject r = run(config, s -> s.transition(id, action(), CliDatabase.actor(), null));
      System.out.println("campaign " + r.getLong("id") + " is " + r.getString("status"));
      return 0;
    }
  }

  @Command(name = "pause", description = "Pause a campaign: logins and notices ignore it until resumed.")
  static final class Pause extends Transition {
    @Override
    String action() {
      return "pause";
    }
  }

  @Command(name = "resume", description = "Resume a paused campaign.")
  static final class Resume extends Transition {
    @Override
    String action() {
      return "resume";
    }
  }

  @Command(name = "cancel", description = "Cancel a campaign for good.")
  static final class Cancel extends Transition {
    @Override
    String action() {
      return "cancel";
    }
  }

  private static String shorten(String s) {
    return s.length() <= 24 ? s : s.substring(0, 23) + "…";
  }
}
