package dev.factorgate.account;

import dev.factorgate.audit.AuditLog;
import dev.factorgate.mail.Addresses;
import dev.factorgate.notify.ChangeNotifier;
import dev.factorgate.web.HttpProblem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * What admins do with single accounts: page through segments, look one up (masked: an admin screen
 * is not where phone numbers and addresses should be read off), reset a lost device, and unlock a
 * throttled account. Every change is audited in its own transaction.
 */
public final class AccountAdmin {

  /** Longest reset reason kept in the audit log. */
  public static final int MAX_REASON = 500;

  private final Pool pool;
  private final AuditLog audit;
  private final boolean emailIsFactor;
  private final ChangeNotifier notifier;
  private final AccountDirectory directory = new AccountDirectory();

  public AccountAdmin(Pool pool, AuditLog audit, boolean emailIsFactor, ChangeNotifier notifier) {
    this.pool = pool;
    this.audit = audit;
    this.emailIsFactor = emailIsFactor;
    this.notifier = notifier;
  }

  /** {@code {"accounts":[…],"next":<last user_id or null>}}. */
  public Future<JsonObject> page(Segment segment, String after, int limit) {
    return directory.page(pool, segment, after, limit, emailIsFactor)
        .map(rows -> {
          JsonArray list = new JsonArray();
          String last = null;
          int n = 0;
          for (Row r : rows) {
            if (n++ == limit) {
              break; // the extra row only says that another page exists
            }
            last = r.getString("user_id");
            list.add(new JsonObject()
                .put("user_id", last)
                .put("phone", PhoneNumbers.mask(r.getString("phone")))
                .put("email", Addresses.mask(r.getString("email")))
                .put("login_policy", r.getString("login_policy"))
                .put("phone_recycled", r.getBoolean("phone_recycled"))
                .put("phone_virtual", r.getBoolean("phone_virtual"))
                .put("frozen", r.getBoolean("frozen"))
                .put("last_login_at", iso(r.getOffsetDateTime("last_login_at")))
                .put("created_at", iso(r.getOffsetDateTime("created_at"))));
          }
          return new JsonObject().put("accounts", list).put("next", rows.size() > limit ? last : null);
        });
  }

  /** One account as an admin sees it; 404 when unknown. */
  public Future<JsonObject> detail(String userId) {
    return directory.detail(pool, userId).map(r -> {
      if (r == null) {
        throw unknown();
      }
      JsonArray factors = new JsonArray();
      for (Object o : json(r.getValue("factors"))) {
        JsonObject f = (JsonObject) o;
        JsonObject out = new JsonObject()
            .put("id", f.getString("id"))
            .put("kind", f.getString("kind"))
            .put("status", f.getString("status"))
            .put("created_at", f.getString("created_at"))
            .put("last_used_at", f.getString("last_used_at"));
        if (f.getString("address") != null) {
          out.put("address", Addresses.mask(f.getString("address")));
        }
        factors.add(out);
      }
      OffsetDateTime locked = r.getOffsetDateTime("locked_at");
      return new JsonObject()
          .put("user_id", r.getString("user_id"))
          .put("phone", PhoneNumbers.mask(r.getString("phone")))
          .put("email", Addresses.mask(r.getString("email")))
          .put("login_policy", r.getString("login_policy"))
          .put("phone_verified_at", iso(r.getOffsetDateTime("phone_verified_at")))
          .put("last_login_at", iso(r.getOffsetDateTime("last_login_at")))
          .put("last_login_method", r.getString("last_login_method"))
          .put("created_at", iso(r.getOffsetDateTime("created_at")))
          .put("factors", factors)
          .put("recovery_codes_left", r.getLong("recovery_left"))
          .put("flags", new JsonObject()
              .put("phone_recycled", r.getOffsetDateTime("phone_recycled_at") != null)
              .put("phone_virtual", r.getBoolean("phone_virtual"))
              .put("frozen", r.getOffsetDateTime("frozen_at") != null)
              .put("locked", locked != null))
          .put("throttle", new JsonObject()
              .put("consecutive_failures", r.getInteger("failures"))
              .put("locked_at", iso(locked))
              .put("next_attempt_at", iso(r.getOffsetDateTime("next_attempt_at"))))
          .put("campaigns", json(r.getValue("campaigns")));
    });
  }

  /**
   * Lost device: revokes every factor, deletes the unused recovery codes, returns the account to
   * SMS-only login, ends its gateway sessions and held logins, clears its throttle. The reason is
   * required and kept in the audit entry. Every address on the account, the revoked email factors'
   * included, gets a change notice once it committed: its "this wasn't me" link freezes the account
   * if the reset was talked out of support by someone else.
   */
  public Future<JsonObject> reset(String userId, String reason, String actor, String ip) {
    long[] account = new long[1];
    List<String> revoked = new ArrayList<>();
    return pool.withTransaction(conn -> directory.lock(conn, userId).compose(acc -> {
      if (acc == null) {
        return Future.failedFuture(unknown());
      }
      long id = acc.getLong("id");
      account[0] = id;
      String before = acc.getString("login_policy");
      return directory.reset(conn, id).compose(c -> {
        revoked.addAll(c.revokedAddresses());
        JsonObject detail = new JsonObject()
            .put("reason", reason)
            .put("login_policy_before", before)
            .put("factors_revoked", c.factorsRevoked())
            .put("recovery_codes_deleted", c.recoveryCodesDeleted())
            .put("sessions_revoked", c.sessionsRevoked())
            .put("pending_logins_dropped", c.pendingLoginsDropped());
        return audit.record(conn, new AuditLog.Entry(actor, userId, "account.reset", "ok", ip, detail))
            .map(v -> detail.copy().put("user_id", userId).put("login_policy", "sms_only"));
      });
    })).onSuccess(r -> notifier.notify(account[0], ChangeNotifier.Change.ADMIN_RESET, null, revoked));
  }

  /**
   * Clears the account's failure count and lock, so that it can pass a challenge again. With an
   * {@code unfreezeReason} (not null) it also lifts a "this wasn't me" freeze: the end of the admin's
   * review of the owner's report, never a side effect of clearing a lockout.
   */
  public Future<JsonObject> unlock(String userId, String unfreezeReason, String actor, String ip) {
    return pool.withTransaction(conn -> directory.lock(conn, userId).compose(acc -> {
      if (acc == null) {
        return Future.failedFuture(unknown());
      }
      long id = acc.getLong("id");
      boolean frozen = acc.getBoolean("frozen");
      Future<Boolean> unfrozen = unfreezeReason == null ? Future.succeededFuture(false) : directory.unfreeze(conn, id);
      return unfrozen.compose(wasFrozen -> directory.throttle(conn, id).compose(t -> {
        boolean wasLocked = t != null && t.getOffsetDateTime("locked_at") != null;
        int failures = t == null ? 0 : t.getInteger("consecutive_failures");
        JsonObject detail = new JsonObject().put("was_locked", wasLocked).put("consecutive_failures_before", failures);
        if (unfreezeReason != null) {
          detail.put("was_frozen", wasFrozen).put("reason", unfreezeReason);
        }
        return directory.clearThrottle(conn, id)
            .compose(v -> audit.record(conn, new AuditLog.Entry(actor, userId, "account.unlock", "ok", ip, detail)))
            .map(v -> new JsonObject().put("user_id", userId).put("locked", false).put("was_locked", wasLocked)
                .put("frozen", frozen && !wasFrozen).put("was_frozen", wasFrozen));
      }));
    }));
  }

  /** Checks a reset reason: required, one short paragraph. */
  public static String reason(Object value) {
    return reason(value, "A reset needs a \"reason\" (why the factors are revoked), for the audit log.");
  }

  /** Checks an admin's reason for the audit log; {@code missing} is the answer when there is none. */
  public static String reason(Object value, String missing) {
    if (!(value instanceof String s) || s.isBlank()) {
      throw HttpProblem.badRequest(missing);
    }
    String r = s.strip();
    if (r.length() > MAX_REASON) {
      throw HttpProblem.badRequest("The reason must be at most " + MAX_REASON + " characters.");
    }
    if (r.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
      throw HttpProblem.badRequest("The reason must not contain control characters.");
    }
    return r;
  }

  private static HttpProblem unknown() {
    return HttpProblem.notFound("There is no account with this user id.");
  }

  private static JsonArray json(Object value) {
    return value instanceof JsonArray a ? a : new JsonArray(String.valueOf(value));
  }

  static String iso(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }
}
