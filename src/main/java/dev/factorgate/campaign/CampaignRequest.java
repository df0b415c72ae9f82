package dev.factorgate.campaign;

import dev.factorgate.account.IsoTimestamps;
import dev.factorgate.web.HttpProblem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated {@code POST /api/campaigns} body (also built by {@code factorgate campaign create}).
 * Every problem is a 400 naming the field; unknown fields are refused, so a misspelt filter cannot
 * silently widen the audience. The JSON field {@code notify} is the component {@code notice} (a
 * record cannot have a component named after {@code Object.notify}).
 */
public record CampaignRequest(
    String name, String mode, Audience audience, Integer snoozeLimit, OffsetDateTime enforceAfter, String notice) {

  static final int MAX_NAME = 200;
  static final int MAX_SNOOZE_LIMIT = 10_000;
  static final int MAX_PREFIXES = 1_000;
  static final int MAX_USER_IDS = 100_000;

  private static final Set<String> FIELDS = Set.of("name", "audience", "mode", "snooze_limit", "enforce_after", "notify");
  private static final Set<String> AUDIENCE_FIELDS =
      Set.of("phone_prefixes", "virtual", "recycled", "last_login_after", "last_login_before", "user_ids");
  private static final Pattern PREFIX = Pattern.compile("\\+[0-9]{1,15}");

  /** Reads and checks a request body. */
  public static CampaignRequest parse(JsonObject body) {
    unknown(body, FIELDS, "");
    String name = body.getValue("name") instanceof String s ? s.strip() : null;
    if (name == null || name.isEmpty() || name.length() > MAX_NAME || name.codePoints().anyMatch(Character::isISOControl)) {
      throw bad("name is required: 1 to " + MAX_NAME + " characters, one line.");
    }
    Object modeValue = body.getValue("mode");
    if (!"nudge".equals(modeValue) && !"require".equals(modeValue)) {
      throw bad("mode must be \"nudge\" or \"require\".");
    }
    String mode = (String) modeValue;
    Object notifyValue = body.getValue("notify", "none");
    if (!"none".equals(notifyValue) && !"email".equals(notifyValue)) {
      throw bad("notify must be \"none\" or \"email\".");
    }
    Integer snoozeLimit = null;
    Object sl = body.getValue("snooze_limit");
    if (sl != null) {
      if (!(sl instanceof Integer i) || i < 0 || i > MAX_SNOOZE_LIMIT) {
        throw bad("snooze_limit must be a whole number from 0 to " + MAX_SNOOZE_LIMIT + ", or null for no limit.");
      }
      snoozeLimit = i;
    }
    OffsetDateTime enforceAfter = time(body.getValue("enforce_after"), "enforce_after");
    Object a = body.getValue("audience");
    if (a != null && !(a instanceof JsonObject)) {
      throw bad("audience must be a JSON object.");
    }
    return new CampaignRequest(name, mode, audience(a == null ? new JsonObject() : (JsonObject) a), snoozeLimit, enforceAfter,
        (String) notifyValue);
  }

  private static Audience audience(JsonObject a) {
    unknown(a, AUDIENCE_FIELDS, "audience.");
    List<String> prefixes = new ArrayList<>();
    Object p = a.getValue("phone_prefixes");
    if (p != null) {
      if (!(p instanceof JsonArray arr) || arr.size() > MAX_PREFIXES) {
        throw bad("audience.phone_prefixes must be a list of at most " + MAX_PREFIXES + " E.164 prefixes such as \"+86170\".");
      }
      for (Object o : arr) {
        if (!(o instanceof String s) || !PREFIX.matcher(s).matches()) {
          throw bad("audience.phone_prefixes must hold E.164 prefixes such as \"+86170\".");
        }
        prefixes.add(s);
      }
    }
    OffsetDateTime after = time(a.getValue("last_login_after"), "audience.last_login_after");
    OffsetDateTime before = time(a.getValue("last_login_before"), "audience.last_login_before");
    if (after != null && before != null && !after.isBefore(before)) {
      throw bad("audience.last_login_after must be before audience.last_login_before.");
    }
    List<String> ids = null;
    Object u = a.getValue("user_ids");
    if (u != null) {
      if (!(u instanceof JsonArray arr) || arr.size() > MAX_USER_IDS) {
        throw bad("audience.user_ids must be a list of at most " + MAX_USER_IDS + " user ids.");
      }
      ids = new ArrayList<>(arr.size());
      for (Object o : arr) {
        // Numeric ids are accepted as the import accepts them: upstream ids are often numbers.
        String s = o instanceof Integer || o instanceof Long ? o.toString() : o instanceof String str ? str : null;
        if (s == null || s.isEmpty() || s.length() > 200) {
          throw bad("audience.user_ids must hold user ids (strings of 1 to 200 characters).");
        }
        ids.add(s);
      }
    }
    return new Audience(prefixes, flag(a, "virtual"), flag(a, "recycled"), after, before, ids);
  }

  private static Boolean flag(JsonObject a, String key) {
    Object v = a.getValue(key);
    if (v != null && !(v instanceof Boolean)) {
      throw bad("audience." + key + " must be true, false or null.");
    }
    return (Boolean) v;
  }

  private static OffsetDateTime time(Object v, String field) {
    if (v == null) {
      return null;
    }
    String canonical = v instanceof String s ? IsoTimestamps.canonical(s.strip()) : null;
    if (canonical == null) {
      throw bad(field + " must be an ISO-8601 timestamp with a time zone, such as 2026-03-01T00:00:00Z.");
    }
    return OffsetDateTime.parse(canonical);
  }

  private static void unknown(JsonObject o, Set<String> known, String prefix) {
    for (String k : o.fieldNames()) {
      if (!known.contains(k)) {
        throw bad("unknown field " + prefix + k.replaceAll("\\p{Cntrl}", "?") + "; the fields are " + String.join(", ", known.stream().sorted().toList()) + ".");
      }
    }
  }

  private static HttpProblem bad(String detail) {
    return new HttpProblem(400, "invalid-campaign", "Invalid campaign", detail);
  }
}
