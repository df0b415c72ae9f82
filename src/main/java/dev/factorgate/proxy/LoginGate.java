package dev.factorgate.proxy;

import static dev.factorgate.store.Timestamps.utc;

import dev.factorgate.Counters;
import dev.factorgate.Services;
import dev.factorgate.account.AccountSnapshot;
import dev.factorgate.account.AccountStore;
import dev.factorgate.account.LoginIdentity;
import dev.factorgate.audit.AuditLog;
import dev.factorgate.config.GatewayConfig.LoginRoute;
import dev.factorgate.policy.Decision;
import dev.factorgate.policy.LoginDecision;
import dev.factorgate.policy.LoginMethod;
import dev.factorgate.policy.Outcome;
import dev.factorgate.session.GatewaySessions;
import dev.factorgate.session.Tokens;
import dev.factorgate.store.SealedColumn;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/**
 * What happens after a successful upstream login (SPEC section 4): record the account, decide, and
 * release the upstream's answer, hold it as a pending login, or refuse it. Also completes held
 * logins once their condition is met. Every decision is audited and counted.
 */
public final class LoginGate {

  /** The result of a decision at login. */
  public sealed interface Result permits Released, Held, Refused {}

  /** Released at once: the client gets the upstream answer plus a new gateway session. */
  public record Released(String sessionToken, AccountSnapshot account) implements Result {}

  /** Held: the client is sent to a gateway page (or told so, for API clients). */
  public record Held(String pendingToken, PendingLogin pending, List<String> methods) implements Result {}

  /**
   * Refused: the upstream answer is not released. For a locked account that still has recovery
   * codes it is held for a recovery-code challenge ({@code recovery} non-null): a lock that only a
   * recovery code opens must leave the owner a way to enter one.
   */
  public record Refused(Outcome outcome, Held recovery) implements Result {}

  /** A completed pending login: what to replay and the new session. */
  public record Completion(PendingLogin pending, HeldResponse response, String sessionToken) {}

  private final Services services;
  private final AccountStore accounts;
  private final PendingLoginStore pendings;
  private final GatewaySessions sessions;
  private final AuditLog audit;
  private final Counters logins;
  private final boolean emailIsFactor;

  public LoginGate(Services services) {
    this.services = services;
    this.accounts = new AccountStore(services.pool());
    this.pendings = new PendingLoginStore(services.pool());
    this.sessions = new GatewaySessions(services.pool(), services.random(), services.config().policy().sessionTtl());
    this.audit = new AuditLog(services.instanceId());
    this.logins = new Counters(services.metrics(), "factorgate_logins_total",
        "Successful upstream logins by method and gateway decision", "method", "outcome");
    this.emailIsFactor = "factor".equals(services.config().email().role());
  }

  public AccountStore accounts() {
    return accounts;
  }

  public PendingLoginStore pendings() {
    return pendings;
  }

  public GatewaySessions sessions() {
    return sessions;
  }

  public AuditLog audit() {
    return audit;
  }

  public boolean emailIsFactor() {
    return emailIsFactor;
  }

  /** Decides on a successful upstream login and stores what the decision needs. */
  public Future<Result> decide(LoginRoute route, LoginIdentity identity, HeldResponse held, boolean api, String ip, String destination) {
    Instant now = services.clock().instant();
    boolean virtual = identity.phone() != null && services.config().policy().virtualNumberPrefixes().stream().anyMatch(identity.phone()::startsWith);
    return accounts
        .recordLogin(identity, virtual, route.factor())
        .compose(
            account -> {
              Decision d =
                  LoginDecision.decide(
                      account.state(emailIsFactor), LoginMethod.fromFactorName(route.factor()), account.campaigns(), now);
              count(route.factor(), d.outcome());
              JsonObject detail =
                  new JsonObject().put("route", route.name()).put("method", route.factor()).put("rule", d.rule());
              Future<Result> result;
              if (d.outcome() == Outcome.RELEASE) {
                result =
                    sessions
                        .create(services.pool(), account.id(), route.factor(), null, now, false)
                        .map(token -> new Released(token, account));
              } else if (d.outcome().holds()) {
                result = hold(route, account, d, held, api, ip, destination, now);
              } else {
                result = d.outcome() == Outcome.REFUSE_LOCKED && account.recoveryCodesLeft() > 0
                    ? hold(route, account, d, held, api, ip, destination, now).map(h -> new Refused(d.outcome(), (Held) h))
                    : Future.succeededFuture(new Refused(d.outcome(), null));
              }
              return result.compose(
                  r ->
                      audit
                          .record(services.pool(), AuditLog.Entry.user(account.userId(), "login", d.outcome().name().toLowerCase(Locale.ROOT), ip, detail))
                          .map(r));
            });
  }

  private Future<Result> hold(LoginRoute route, AccountSnapshot account, Decision d, HeldResponse held, boolean api, String ip, String destination, Instant now) {
    UUID id = UUID.randomUUID();
    String token = Tokens.random(services.random());
    byte[] sealed = services.secretBox().seal(held.serialize().getBytes(), SealedColumn.HELD_RESPONSE, id);
    String outcome =
        switch (d.outcome()) {
          case CHALLENGE, REFUSE_LOCKED -> PendingLogin.CHALLENGE;
          case REQUIRE_ENROLMENT -> PendingLogin.REQUIRE_ENROLMENT;
          default -> PendingLogin.NUDGE;
        };
    PendingLogin p =
        new PendingLogin(
            id, account.id(), account.userId(), route.name(), route.factor(), outcome, d.campaignId(),
            d.outcome() == Outcome.NUDGE ? d.snoozesLeft() : 0, sealed, destination, api, now,
            now.plus(services.config().policy().pendingLoginTtl()));
    List<String> methods =
        d.outcome() == Outcome.CHALLENGE ? account.challengeMethods(emailIsFactor) : enrolMethods();
    return pendings
        .insert(services.pool(), p, Tokens.hash(token), ip, services.instanceId())
        .map(v -> new Held(token, p, methods));
  }

  /** Factors a user may enrol: an authenticator, and email when the operator counts it as a factor. */
  public List<String> enrolMethods() {
    return emailIsFactor ? List.of("totp", "email") : List.of("totp");
  }

  /** The live pending login of a token, or null. */
  public Future<PendingLogin> pending(String token) {
    return pendings.find(Tokens.hash(token), services.clock().instant());
  }

  /** Opens the sealed upstream answer of a pending login. */
  public HeldResponse open(PendingLogin p) {
    byte[] plain = services.secretBox().open(p.sealedResponse(), SealedColumn.HELD_RESPONSE, p.id());
    return HeldResponse.deserialize(Buffer.buffer(plain));
  }

  /**
   * Completes a pending login in one transaction: marks it used (only one request on any instance
   * wins), runs {@code also} (e.g. recording a snooze), creates the new session, audits. Fails with
   * {@link AlreadyUsed} when the pending login was used or expired meanwhile.
   */
  public Future<Completion> complete(PendingLogin p, String how, String ip, Function<SqlConnection, Future<Void>> also) {
    AuditLog.Entry entry = AuditLog.Entry.user(p.userId(), "release", how, ip, new JsonObject());
    return services
        .pool()
        .withTransaction(
            conn ->
                completeIn(conn, p, how, entry, also)
                    .compose(c -> c == null ? Future.<Completion>failedFuture(new AlreadyUsed()) : Future.succeededFuture(c)));
  }

  /**
   * {@link #complete} within the caller's transaction (that of a verified challenge, say), in one
   * statement: the conditional UPDATE that marks the pending login used, the new session when it
   * did, and {@code entry} in the audit log either way (with {@code pending_outcome} and
   * {@code released} added to its detail) — a verified challenge is one audit entry, whether it
   * released the login or found it used. A null result, not a failure, when the pending login was
   * used or expired meanwhile, so that the caller's own work still commits. {@code also} (may be
   * null) runs after, only when this request completed the login.
   */
  public Future<Completion> completeIn(SqlConnection conn, PendingLogin p, String how, AuditLog.Entry entry,
                                       Function<SqlConnection, Future<Void>> also) {
    String token = Tokens.random(services.random());
    return conn.preparedQuery(COMPLETE).execute(completion(p, how, entry, token)).compose(rows -> {
      if (!rows.iterator().next().getBoolean(0)) {
        return Future.succeededFuture(null);
      }
      Future<Void> extra = also == null ? Future.succeededFuture() : also.apply(conn);
      return extra.map(v -> completed(p, token));
    });
  }

  /**
   * {@link #completeIn} behind a TOTP factor's replay guard, in the same one statement: the
   * conditional UPDATE of the factor's last accepted step first, and nothing else written when it
   * refuses the step (a replay). The result says whether the step was accepted and, if so, the
   * completion (null when the pending login was used or expired meanwhile; the entry is written).
   */
  public Future<SteppedCompletion> completeWithStep(SqlConnection conn, PendingLogin p, String how, AuditLog.Entry entry,
                                                    UUID factorId, long step) {
    String token = Tokens.random(services.random());
    Tuple args = completion(p, how, entry, token).addValue(factorId).addValue(step);
    return conn.preparedQuery(COMPLETE_WITH_STEP).execute(args).map(rows -> {
      io.vertx.sqlclient.Row r = rows.iterator().next();
      return new SteppedCompletion(r.getBoolean(0), r.getBoolean(1) ? completed(p, token) : null);
    });
  }

  /** What {@link #completeWithStep} did. */
  public record SteppedCompletion(boolean stepAccepted, Completion completion) {}

  private Completion completed(PendingLogin p, String token) {
    return new Completion(p, open(p), token); // p as found: nothing but consumed_at ever changes
  }

  /** $1..$14 of the completion statements. */
  private Tuple completion(PendingLogin p, String how, AuditLog.Entry entry, String token) {
    OffsetDateTime at = utc(services.clock().instant());
    return Tuple.tuple()
        .addValue(p.id())
        .addValue(at)
        .addValue(Tokens.hash(token))
        .addValue(p.loginMethod())
        .addValue(how)
        .addValue("snooze".equals(how) ? null : at)
        .addValue(at.plus(sessions.ttl()))
        .addValue(entry.actor())
        .addValue(entry.userId())
        .addValue(entry.action())
        .addValue(entry.outcome())
        .addValue(entry.ip())
        .addValue(services.instanceId())
        .addValue(entry.detail().copy().put("pending_outcome", p.outcome()));
  }

  /*
   * The completion statements: mark the pending login used (the conditional UPDATE only one request
   * on any instance wins), the new session when it was, the audit entry either way. The variant with
   * a step puts the factor's replay guard first and makes everything else depend on it.
   */
  private static final String USED =
      """
      used as (
        update pending_logins set consumed_at = $2
         where id = $1 and consumed_at is null and expires_at > $2%s
        returning account_id),
      session as (
        insert into gateway_sessions (token_hash, account_id, login_method, second_factor, created_at, stepped_up_at, expires_at)
        select $3, account_id, $4, $5, $2, $6, $7 from used),
      audited as (
        insert into audit_log (actor, user_id, action, outcome, ip, instance, detail)
        select $8, $9, $10, $11, $12, $13, $14::jsonb || jsonb_build_object('released', exists (select 1 from used))%s)
      """;

  private static final String COMPLETE = "with " + USED.formatted("", "") + "select exists (select 1 from used)";

  private static final String COMPLETE_WITH_STEP =
      """
      with step as (
        update factors set last_step = $16, last_used_at = $2
         where id = $15 and status = 'active' and (last_step is null or last_step < $16)
        returning id),
      """
          + USED.formatted(" and exists (select 1 from step)", " where exists (select 1 from step)")
          + "select exists (select 1 from step), exists (select 1 from used)";

  /** Signals that a pending login was already used or has expired. */
  public static final class AlreadyUsed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AlreadyUsed() {
      super("pending login already used or expired", null, false, false);
    }
  }

  private void count(String method, Outcome outcome) {
    logins.increment(method, outcome.name().toLowerCase(Locale.ROOT));
  }
}
