package dev.factorgate.housekeeping;

import java.time.Duration;

/**
 * Every kind of row housekeeping deletes, after how long, and the statement that deletes one batch.
 * {@code $1} is the cut-off (now minus the grace), {@code $2} the batch size. Nothing else is ever
 * deleted: not the audit log (append-only), accounts, active or revoked factors, recovery codes,
 * campaigns and their members, per-account throttles, or recycled-number records.
 *
 * <p>Past its grace, a row deleted here answers like one that never existed: every read of these
 * tables asks for an unexpired, unused row, except what the graces are for. Email sends are counted
 * over the past hour, and confirming an authenticator after its expiry says "expired, start again"
 * rather than "no such factor" (for a day; after that, it hardly matters). The graces also keep
 * the rows a while for an admin following a case.
 *
 * <p>A batch is chosen by the rows' physical address ({@code ctid}) and deleted by it in the same
 * statement, so it never holds more than one batch's row locks. {@code FOR UPDATE SKIP LOCKED}
 * passes over a row some request has locked (it is deleted on a later run) instead of waiting for
 * it, and re-checks the condition on a row updated meanwhile.
 */
enum Purge {

  /** Held logins and their sealed upstream responses (session cookies, tokens): an hour after expiry. */
  PENDING_LOGINS("pending_logins", Duration.ofHours(1), "c.expires_at < $1"),

  /** Gateway sessions, revoked or not, a day after they expired. */
  GATEWAY_SESSIONS("gateway_sessions", Duration.ofDays(1), "c.expires_at < $1"),

  /**
   * Email codes an hour after expiry: by then they count for nothing (a new code inherits wrong
   * attempts only from its binding's codes that are still valid, see EmailCodeStore).
   */
  EMAIL_CODES("email_codes", Duration.ofHours(1), "c.expires_at < $1"),

  /** Authenticators and addresses never confirmed: a day after their ten minutes ran out. */
  PENDING_FACTORS("factors", Duration.ofDays(1), "c.status = 'pending' and c.expires_at < $1"),

  /** Per-IP one-minute attempt windows, ten minutes after they began. */
  IP_WINDOWS("ip_throttles", Duration.ofMinutes(10), "c.window_start < $1"),

  /** One-time enrolment links, a day after they were used or expired. */
  ENROLMENT_LINKS("enrolment_links", Duration.ofDays(1), "c.expires_at < $1 or c.used_at < $1"),

  /** "This wasn't me" links of change notices, a day after they were used or expired. */
  CHANGE_REPORTS("change_reports", Duration.ofDays(1), "c.expires_at < $1 or c.used_at < $1");

  /*
   * One batch: the rows' physical addresses, locked, then deleted by address in the same statement.
   * %1$s is the table, %2$s the condition on its rows (alias c).
   */
  private static final String DELETE_BATCH =
      """
      delete from %1$s where ctid = any(array(
        select c.ctid from %1$s c
         where (%2$s)
         limit $2
         for update of c skip locked))
      """;

  private final String table;
  private final Duration grace;
  private final String delete;

  Purge(String table, Duration grace, String condition) {
    this.table = table;
    this.grace = grace;
    this.delete = DELETE_BATCH.formatted(table, condition.strip());
  }

  String table() {
    return table;
  }

  Duration grace() {
    return grace;
  }

  String delete() {
    return delete;
  }
}
