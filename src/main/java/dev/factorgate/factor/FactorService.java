package dev.factorgate.factor;

import dev.factorgate.store.Timestamps;
import dev.factorgate.Counters;
import dev.factorgate.Services;
import dev.factorgate.policy.AccountState;
import dev.factorgate.account.AccountSnapshot;
import dev.factorgate.account.AccountStore;
import dev.factorgate.account.PhoneNumbers;
import dev.factorgate.audit.AuditLog;
import dev.factorgate.campaign.CampaignStore;
import dev.factorgate.enrolment.EnrolmentLinks;
import dev.factorgate.factor.FactorStore.Factor;
import dev.factorgate.factor.email.EmailCodes;
import dev.factorgate.notify.ChangeNotifier;
import dev.factorgate.factor.recovery.RecoveryCodeStore;
import dev.factorgate.factor.recovery.RecoveryCodes;
import dev.factorgate.factor.totp.OtpauthUri;
import dev.factorgate.factor.totp.QrCode;
import dev.factorgate.factor.totp.TotpAlgorithm;
import dev.factorgate.factor.totp.TotpParameters;
import dev.factorgate.factor.totp.TotpSecret;
import dev.factorgate.factor.totp.TotpVerifier;
import dev.factorgate.session.Principal;
import dev.factorgate.store.SealedColumn;
import dev.factorgate.web.HttpProblem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Enrolment and settings: start and confirm an authenticator, recovery codes, removing factors and
 * the SMS-only switch. Sensitive changes need a recent step-up; the first factor brings recovery
 * codes and (per {@code policy.disable_sms_only_on_enrol}) turns SMS-only login off.
 */
public final class FactorService {

  /** Pending authenticators expire after this long. */
  public static final Duration PENDING_TTL = Duration.ofMinutes(10);
  private static final int MAX_PENDING = 5;

  /** A started authenticator enrolment; the secret is shown this once. */
  public record TotpEnrolment(UUID id, String secretBase32, String otpauthUri, byte[] qrPng) {}

  /** The label of a new authenticator; pages show it as the kind, in the reader's language. */
  public static final String DEFAULT_TOTP_LABEL = "Authenticator app";

  /** The result of confirming a factor; recovery codes only with the first one. */
  public record Confirmation(UUID id, List<String> recoveryCodes, String loginPolicy) {}

  /** The factor list of the settings page and {@code GET /api/factors}. */
  public record Overview(String loginPolicy, List<Factor> factors, int recoveryCodesLeft, boolean requireCampaign) {}

  private static final String SET_POLICY = "update accounts set login_policy = $2, updated_at = now() where id = $1";
  /*
   * Taken first by every change that reads the account's strong factors to decide its policy (or the
   * other way round): a factor removal and a policy change running at once could otherwise each see
   * the other's old state and leave second_factor_required with no factor. Always the account before
   * its factors, so that two such changes cannot deadlock; NO KEY UPDATE, which the foreign keys'
   * KEY SHARE locks of a sign-in (its session row) and of a campaign's members do not wait for.
   */
  private static final String LOCK_ACCOUNT = "select login_policy from accounts where id = $1 for no key update";
  private static final String SMS_ONLY_OFF =
      "update accounts set login_policy = 'second_factor_required', updated_at = now() where id = $1 and login_policy = 'sms_only'";
  private static final String REQUIRE_CAMPAIGN =
      "select exists (select 1 from campaign_members m join campaigns c on c.id = m.campaign_id "
          + "where m.account_id = $1 and c.mode = 'require' and c.status = 'active' and m.state <> 'exempt')";
  private static final String COUNT_PENDING =
      "select count(*) from factors where account_id = $1 and status = 'pending' and expires_at > $2";

  private final Services services;
  private final FactorStore factors = new FactorStore();
  private final CampaignStore campaigns = new CampaignStore();
  private final RecoveryCodeStore recoveryStore = new RecoveryCodeStore();
  private final RecoveryCodes recoveryCodes;
  private final EmailCodes emailCodes;
  private final ChangeNotifier notifier;
  private final AccountStore accounts;
  private final AuditLog audit;
  private final Counters enrolments;
  private final boolean emailIsFactor;

  public FactorService(Services services, RecoveryCodes recoveryCodes, EmailCodes emailCodes) {
    this.services = services;
    this.recoveryCodes = recoveryCodes;
    this.emailCodes = emailCodes;
    this.notifier = new ChangeNotifier(services);
    this.accounts = new AccountStore(services.pool());
    this.audit = new AuditLog(services.instanceId());
    this.enrolments = new Counters(services.metrics(), "factorgate_enrolments_total", "Factors confirmed, by kind", "factor");
    this.emailIsFactor = "factor".equals(services.config().email().role());
  }

  private Instant now() {
    return services.clock().instant();
  }

  /** Starts an authenticator enrolment. A further factor needs a recent step-up. */
  public Future<TotpEnrolment> beginTotp(Principal who, String ip) {
    Instant now = now();
    return accounts.snapshot(services.pool(), who.accountId())
        .compose(
            account -> {
              return guard(who, account, null, now).compose(v -> services.pool().preparedQuery(COUNT_PENDING).execute(Tuple.of(who.accountId(), Timestamps.utc(now)))
                  .compose(rows -> rows.iterator().next().getLong(0) >= MAX_PENDING
                      ? Future.failedFuture(new HttpProblem(429, "too-many-pending-factors", "Too many attempts",
                          "Too many authenticator set-ups were started. Finish one or wait ten minutes."))
                      : insertTotp(who, account, now, ip)));
            });
  }

  /**
   * The enrolment guards of SPEC section 5, in order: a further factor needs a recent step-up (or a
   * factor this same held login just confirmed); a first factor on a recycled or virtual number is
   * refused without an admin's link; and after an SMS login, the first factor must begin by
   * confirming the email on file. {@code emailAddress} is the address being added, if any.
   */
  private Future<Void> guard(Principal who, AccountSnapshot account, String emailAddress, Instant now) {
    boolean anyActive = !account.activeFactorKinds().isEmpty();
    if (anyActive) {
      return stepUpSatisfied(who, now).compose(ok -> ok ? Future.<Void>succeededFuture() : Future.failedFuture(stepUpRequired()));
    }
    if (EnrolmentLinks.METHOD.equals(who.loginMethod())) {
      return Future.succeededFuture();
    }
    if (selfServiceRefused(account)) {
      return Future.failedFuture(enrolmentRefused());
    }
    boolean confirmsEmailOnFile = emailAddress != null && account.email() != null && emailAddress.equalsIgnoreCase(account.email());
    if (services.config().enrolment().confirmEmailOnFile() && "sms".equals(who.loginMethod())
        && account.email() != null && !confirmsEmailOnFile) {
      return Future.failedFuture(HttpProblem.forbidden("email-on-file-confirmation-required",
          "Confirm the email address on file first: a code will be sent to " + dev.factorgate.mail.Addresses.mask(account.email()) + "."));
    }
    return Future.succeededFuture();
  }

  /**
   * A recent step-up, or — for a held login — a factor this same held login started and confirmed
   * (with email counted as the first factor there, since it may be the email-on-file step).
   */
  private Future<Boolean> stepUpSatisfied(Principal who, Instant now) {
    if (who.steppedUpWithin(services.config().policy().stepUpMaxAge(), now)) {
      return Future.succeededFuture(true);
    }
    if (who.pending() == null) {
      return Future.succeededFuture(false);
    }
    return factors.confirmedDuring(services.pool(), who.accountId(), who.pending().id(), true);
  }

  private static UUID heldLoginOf(Principal who) {
    return who.pending() == null ? null : who.pending().id();
  }

  /** Starts adding an email factor: a code is mailed to the address. */
  public Future<UUID> beginEmail(Principal who, String requested, String ip) {
    Instant now = now();
    return accounts.snapshot(services.pool(), who.accountId())
        .compose(account -> {
          String address = requested == null || requested.isBlank() ? account.email() : requested.strip();
          if (address == null) {
            return Future.failedFuture(HttpProblem.badRequest("\"address\" is required: there is no email on file."));
          }
          if (!dev.factorgate.mail.Addresses.isValid(address)) {
            return Future.failedFuture(HttpProblem.badRequest("\"address\" is not a valid email address."));
          }
          return guard(who, account, address, now)
              .compose(v -> factors.activeEmails(services.pool(), who.accountId()))
              .compose(active -> {
                if (active.stream().anyMatch(f -> f.address().equalsIgnoreCase(address))) {
                  return Future.failedFuture(HttpProblem.conflict("factor-exists", "This address is already a confirmed factor."));
                }
                UUID id = UUID.randomUUID();
                return factors.insertEmail(services.pool(), id, who.accountId(), address, now, now.plus(PENDING_TTL), heldLoginOf(who))
                    .compose(x -> emailCodes.send(new EmailCodes.Binding(who.accountId(), "enrol", id, null), address))
                    .compose(x -> audit.record(services.pool(), AuditLog.Entry.user(who.userId(), "factor_add", "started", ip,
                        new JsonObject().put("kind", "email").put("factor", id.toString()))))
                    .map(id);
              });
        });
  }

  /** Confirms a pending factor of either kind with its code. */
  public Future<Confirmation> confirm(Principal who, UUID id, String rawCode, String ip) {
    return factors.find(services.pool(), id, who.accountId())
        .compose(f -> f != null && "email".equals(f.kind()) ? confirmEmail(who, f, rawCode, ip) : confirmTotp(who, id, rawCode, ip))
        .onSuccess(c -> {
          notifier.notify(who.accountId(), ChangeNotifier.Change.FACTOR_ADDED, id);
          if (c.recoveryCodes() != null && "second_factor_required".equals(c.loginPolicy())) {
            notifier.notify(who.accountId(), ChangeNotifier.Change.SMS_ONLY_OFF, null);
          }
        });
  }

  /**
   * A factor is confirmed where it was started: in the same held login (what then releases that login),
   * or from a session when it was started from one. Otherwise someone holding another login of the
   * same number could finish a set-up the owner began, or the owner's app one that someone else began.
   */
  private static HttpProblem startedElsewhere(Factor f, Principal who) {
    return java.util.Objects.equals(f.pendingLoginId(), heldLoginOf(who)) ? null
        : HttpProblem.conflict("factor-not-pending", "This set-up was started in another sign-in: start it again here.");
  }

  private Future<Confirmation> confirmEmail(Principal who, Factor f, String rawCode, String ip) {
    Instant now = now();
    HttpProblem elsewhere = startedElsewhere(f, who);
    if (elsewhere != null) {
      return Future.failedFuture(elsewhere);
    }
    if (!"pending".equals(f.status()) || f.expiresAt() == null || !f.expiresAt().isAfter(now)) {
      return Future.failedFuture(HttpProblem.conflict("factor-not-pending",
          "This address is not waiting for confirmation (already confirmed, or expired: start again)."));
    }
    EmailCodes.Binding binding = new EmailCodes.Binding(who.accountId(), "enrol", f.id(), null);
    return services.pool().withTransaction(tx -> emailCodes.verify(tx, binding, rawCode))
        .compose(check -> check != EmailCodes.Check.OK
            ? Future.failedFuture(new HttpProblem(400, "code-invalid", "Code not accepted",
                check == EmailCodes.Check.EXHAUSTED ? "Too many wrong codes: start again to get a new code." : "The code does not match the one we sent."))
            : services.pool().withTransaction(tx -> tx.preparedQuery(LOCK_ACCOUNT).execute(Tuple.of(who.accountId()))
                .compose(locked -> factors.activate(tx, f.id(), who.accountId(), null, now))
                .compose(ok -> ok ? afterActivation(tx, who, "email", f.id(), ip)
                    : Future.failedFuture(HttpProblem.conflict("factor-not-pending", "This address was confirmed already.")))));
  }

  private Future<TotpEnrolment> insertTotp(Principal who, AccountSnapshot account, Instant now, String ip) {
    var cfg = services.config().totp();
    UUID id = UUID.randomUUID();
    byte[] secret = TotpSecret.generate(services.random());
    byte[] sealed = services.secretBox().seal(secret, SealedColumn.FACTOR_SECRET, id);
    TotpParameters params = new TotpParameters(TotpAlgorithm.valueOf(cfg.algorithm()), cfg.digits(), cfg.period(), cfg.window());
    String uri = OtpauthUri.build(cfg.issuer(), accountName(account), secret, params);
    byte[] png = QrCode.png(uri, 320);
    String base32 = TotpSecret.base32(secret);
    return factors.insertTotp(services.pool(), id, who.accountId(), DEFAULT_TOTP_LABEL, sealed, cfg.algorithm(), cfg.digits(), cfg.period(), now, now.plus(PENDING_TTL), heldLoginOf(who))
        .compose(v -> audit.record(services.pool(), AuditLog.Entry.user(who.userId(), "factor_add", "started", ip, new JsonObject().put("kind", "totp").put("factor", id.toString()))))
        .map(v -> new TotpEnrolment(id, base32, uri, png));
  }

  /**
   * Shows a still-pending authenticator again (after a wrong confirmation code): its secret has
   * not been confirmed yet, so showing it again reveals nothing new.
   */
  public Future<TotpEnrolment> reopenTotp(Principal who, UUID id) {
    var cfg = services.config().totp();
    return accounts.snapshot(services.pool(), who.accountId())
        .compose(account -> factors.find(services.pool(), id, who.accountId())
            .compose(f -> {
              if (f == null || !"pending".equals(f.status()) || !"totp".equals(f.kind())) {
                return Future.failedFuture(HttpProblem.conflict("factor-not-pending", "Start the set-up again."));
              }
              byte[] secret = services.secretBox().open(f.secret(), SealedColumn.FACTOR_SECRET, f.id());
              TotpParameters params = new TotpParameters(TotpAlgorithm.valueOf(f.algorithm()), f.digits(), f.period(), cfg.window());
              String uri = OtpauthUri.build(cfg.issuer(), accountName(account), secret, params);
              return Future.succeededFuture(new TotpEnrolment(id, TotpSecret.base32(secret), uri, QrCode.png(uri, 320)));
            }));
  }

  private static String accountName(AccountSnapshot account) {
    String name = account.email() != null ? account.email()
        : account.phone() != null ? PhoneNumbers.mask(account.phone()) : account.userId();
    return name.replace(":", " ");
  }

  /** Confirms a pending authenticator with a code from the app. */
  public Future<Confirmation> confirmTotp(Principal who, UUID id, String rawCode, String ip) {
    Instant now = now();
    return services.pool().withTransaction(
        tx -> tx.preparedQuery(LOCK_ACCOUNT).execute(Tuple.of(who.accountId()))
            .compose(locked -> factors.find(tx, id, who.accountId()))
            .compose(
                f -> {
                  if (f == null || !"totp".equals(f.kind())) {
                    return Future.failedFuture(HttpProblem.notFound("There is no such factor."));
                  }
                  HttpProblem elsewhere = startedElsewhere(f, who);
                  if (elsewhere != null) {
                    return Future.failedFuture(elsewhere);
                  }
                  if (!"pending".equals(f.status()) || f.expiresAt() == null || !f.expiresAt().isAfter(now)) {
                    return Future.failedFuture(HttpProblem.conflict("factor-not-pending",
                        "This authenticator is not waiting for confirmation (already confirmed, or expired: start again)."));
                  }
                  byte[] secret = services.secretBox().open(f.secret(), SealedColumn.FACTOR_SECRET, f.id());
                  TotpVerifier verifier = new TotpVerifier(services.clock(),
                      new TotpParameters(TotpAlgorithm.valueOf(f.algorithm()), f.digits(), f.period(), services.config().totp().window()));
                  OptionalLong step = verifier.verify(secret, TotpVerifier.normalise(rawCode));
                  java.util.Arrays.fill(secret, (byte) 0);
                  if (step.isEmpty()) {
                    return Future.failedFuture(new HttpProblem(400, "code-invalid", "Code not accepted",
                        "The code does not match. Check the time on your phone and enter the current code."));
                  }
                  return factors.activate(tx, id, who.accountId(), step.getAsLong(), now)
                      .compose(ok -> ok ? afterActivation(tx, who, "totp", id, ip) : Future.failedFuture(
                          HttpProblem.conflict("factor-not-pending", "This authenticator was confirmed already.")));
                }));
  }

  /**
   * After a factor became active: the first strong factor brings recovery codes, the policy flip and
   * campaign enrolment.
   */
  public Future<Confirmation> afterActivation(SqlConnection tx, Principal who, String kind, UUID id, String ip) {
    enrolments.increment(kind);
    return factors.countActiveStrong(tx, who.accountId(), emailIsFactor)
        .compose(
            n -> {
              Future<List<String>> codes = Future.succeededFuture(null);
              boolean first = n == 1 && ("totp".equals(kind) || emailIsFactor);
              if (first) {
                codes = newRecoveryCodes(tx, who.accountId());
              }
              String policy = first && services.config().policy().disableSmsOnlyOnEnrol() ? "second_factor_required" : null;
              return codes.compose(
                  list -> (policy == null ? Future.<Void>succeededFuture() : tx.preparedQuery(SET_POLICY).execute(Tuple.of(who.accountId(), policy)).<Void>mapEmpty())
                      .compose(v -> campaigns.markEnrolled(tx, who.accountId()))
                      .compose(v -> who.isSession()
                          ? tx.preparedQuery("update gateway_sessions set stepped_up_at = now() where token_hash = $1")
                              .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(who.sessionHash())))
                          : Future.succeededFuture())
                      .compose(v -> audit.record(tx, AuditLog.Entry.user(who.userId(), "factor_add", "active",
                          ip, new JsonObject().put("kind", kind).put("factor", id.toString()).put("first", first)
                              .put("policy", policy))))
                      .compose(v -> tx.preparedQuery("select login_policy from accounts where id = $1").execute(Tuple.of(who.accountId())))
                      .map(rows -> new Confirmation(id, list, rows.iterator().next().getString(0))));
            });
  }

  private Future<List<String>> newRecoveryCodes(SqlClient tx, long accountId) {
    List<String> codes = RecoveryCodes.generate(services.random());
    List<byte[]> hmacs = new ArrayList<>();
    for (String c : codes) {
      hmacs.add(recoveryCodes.hmac(RecoveryCodes.normalise(c)));
    }
    return recoveryStore.replace(tx, accountId, hmacs).map(codes);
  }

  public Future<Overview> overview(long accountId) {
    Instant now = now();
    return services.pool().withConnection(
        c -> factors.list(c, accountId, now)
            .compose(list -> recoveryStore.left(c, accountId)
                .compose(left -> c.preparedQuery("select login_policy from accounts where id = $1").execute(Tuple.of(accountId))
                    .compose(p -> c.preparedQuery(REQUIRE_CAMPAIGN).execute(Tuple.of(accountId))
                        .map(rc -> new Overview(p.iterator().next().getString(0), list, left, rc.iterator().next().getBoolean(0)))))));
  }

  /** Removes a factor (step-up required). The last strong factor of a protected account stays. */
  public Future<Void> remove(Principal who, UUID id, String ip) {
    Instant now = now();
    if (!who.isSession() || !who.steppedUpWithin(services.config().policy().stepUpMaxAge(), now)) {
      return Future.failedFuture(stepUpRequired());
    }
    return services.pool().withTransaction(
        tx -> factors.find(tx, id, who.accountId())
            .compose(f -> {
              if (f == null || "revoked".equals(f.status())) {
                return Future.failedFuture(HttpProblem.notFound("There is no such factor."));
              }
              return tx.preparedQuery(LOCK_ACCOUNT).execute(Tuple.of(who.accountId()))
                  .compose(rows -> factors.countActiveStrong(tx, who.accountId(), emailIsFactor)
                      .compose(n -> {
                        boolean strong = "active".equals(f.status()) && ("totp".equals(f.kind()) || emailIsFactor);
                        if (strong && n <= 1 && "second_factor_required".equals(rows.iterator().next().getString(0))) {
                          return Future.failedFuture(HttpProblem.conflict("last-factor",
                              "This is your last second factor. Add another one first, or turn SMS-only sign-in back on."));
                        }
                        return factors.revoke(tx, id, who.accountId(), now)
                            .compose(kind -> audit.record(tx, AuditLog.Entry.user(who.userId(), "factor_remove", "ok", ip,
                                new JsonObject().put("kind", kind).put("factor", id.toString()))));
                      }));
            }))
        .onSuccess(v -> notifier.notify(who.accountId(), ChangeNotifier.Change.FACTOR_REMOVED, id));
  }

  /** Replaces all recovery codes (step-up required). */
  public Future<List<String>> regenerateRecoveryCodes(Principal who, String ip) {
    if (!who.isSession() || !who.steppedUpWithin(services.config().policy().stepUpMaxAge(), now())) {
      return Future.failedFuture(stepUpRequired());
    }
    return services.pool().withTransaction(
        tx -> factors.countActiveStrong(tx, who.accountId(), emailIsFactor)
            .compose(n -> n == 0
                ? Future.failedFuture(HttpProblem.conflict("no-factor", "Set up a second factor first."))
                : newRecoveryCodes(tx, who.accountId())
                    .compose(codes -> audit.record(tx, AuditLog.Entry.user(who.userId(), "recovery_codes", "regenerated", ip, null)).map(codes))))
        .onSuccess(codes -> notifier.notify(who.accountId(), ChangeNotifier.Change.RECOVERY_CODES, null));
  }

  /**
   * The SMS-only switch (SPEC 7): either way needs a step-up within {@code policy.step_up_max_age}.
   * Turning SMS-only login off needs an active strong factor (without one the answer says so rather
   * than asking for a step-up that cannot be done); turning it back on is refused while a
   * {@code require} campaign applies. Confirming a factor counts as a step-up of the session, so
   * the usual "enrol, then turn SMS-only off" needs no second code.
   */
  public Future<String> setSmsOnly(Principal who, boolean allowed, String ip) {
    Instant now = now();
    if (!who.isSession()) {
      return Future.failedFuture(HttpProblem.unauthorized("Sign in first."));
    }
    boolean steppedUp = who.steppedUpWithin(services.config().policy().stepUpMaxAge(), now);
    if (allowed && !steppedUp) {
      return Future.failedFuture(stepUpRequired());
    }
    String policy = allowed ? "sms_only" : "second_factor_required";
    return services.pool().withTransaction(
        tx -> tx.preparedQuery(LOCK_ACCOUNT).execute(Tuple.of(who.accountId()))
            .compose(locked -> factors.countActiveStrong(tx, who.accountId(), emailIsFactor))
            .compose(n -> tx.preparedQuery(REQUIRE_CAMPAIGN).execute(Tuple.of(who.accountId()))
                .compose(rc -> {
                  if (!allowed && n == 0) {
                    return Future.failedFuture(HttpProblem.conflict("no-factor", "Set up a second factor before turning off SMS-only sign-in."));
                  }
                  if (!steppedUp) {
                    return Future.failedFuture(stepUpRequired());
                  }
                  if (allowed && rc.iterator().next().getBoolean(0)) {
                    return Future.failedFuture(HttpProblem.conflict("require-campaign",
                        "This site requires a second factor for your account; SMS-only sign-in cannot be turned back on."));
                  }
                  return tx.preparedQuery(SET_POLICY).execute(Tuple.of(who.accountId(), policy))
                      .compose(v -> audit.record(tx, AuditLog.Entry.user(who.userId(), "policy_change", policy, ip, null)))
                      .map(policy);
                })))
        .onSuccess(p -> notifier.notify(who.accountId(), allowed ? ChangeNotifier.Change.SMS_ONLY_ON : ChangeNotifier.Change.SMS_ONLY_OFF, null));
  }

  /**
   * The answer to "turn SMS-only sign-in off?", which the last enrolment step asks when
   * {@code policy.disable_sms_only_on_enrol} is false (SPEC 2), in the caller's transaction: the
   * person has just confirmed a strong factor in this same sign-in, which is the step-up. Only
   * sms_only becomes second_factor_required, only with an active strong factor; audited when it
   * changed. True when it did; then {@link #smsOnlyTurnedOff} sends the notice after the commit.
   */
  public Future<Boolean> turnSmsOnlyOffAtEnrolment(SqlConnection tx, long accountId, String userId, String ip) {
    return tx.preparedQuery(LOCK_ACCOUNT).execute(Tuple.of(accountId))
        .compose(locked -> factors.countActiveStrong(tx, accountId, emailIsFactor))
        .compose(n -> n == 0 ? Future.succeededFuture(false)
            : tx.preparedQuery(SMS_ONLY_OFF).execute(Tuple.of(accountId)).map(rows -> rows.rowCount() == 1))
        .compose(changed -> !changed ? Future.succeededFuture(false)
            : audit.record(tx, AuditLog.Entry.user(userId, "policy_change", "second_factor_required", ip,
                new JsonObject().put("asked_at", "enrolment"))).map(true));
  }

  /**
   * Whether held login {@code pendingLoginId} started and confirmed a strong factor (it may then be
   * released), inside the release's transaction with the factor's row share-locked until it commits:
   * a removal running at the same moment then either comes first (and the release fails) or waits.
   */
  public Future<Boolean> holdConfirmedDuring(SqlConnection tx, long accountId, UUID pendingLoginId) {
    return factors.confirmedDuring(tx, accountId, pendingLoginId, emailIsFactor, true);
  }

  /** The change notice of {@link #turnSmsOnlyOffAtEnrolment}, once its transaction committed. */
  public void smsOnlyTurnedOff(long accountId) {
    notifier.notify(accountId, ChangeNotifier.Change.SMS_ONLY_OFF, null);
  }

  /** Whether the last enrolment step asks about SMS-only sign-in (it is not turned off by itself). */
  public boolean asksAboutSmsOnly(Confirmation c) {
    return c.recoveryCodes() != null && "sms_only".equals(c.loginPolicy()) && !services.config().policy().disableSmsOnlyOnEnrol();
  }

  /**
   * Self-service first enrolment is refused on a recycled number (the holder may not be the owner)
   * and on a virtual / rented number range; an admin's one-time link opens it after a check.
   */
  static boolean selfServiceRefused(AccountSnapshot a) {
    // "recycled" as the decision table's rule 2 reads it, so that the two never drift apart
    AccountState s = a.state(false);
    return s.phoneRecycledSinceVerified() || s.phoneVirtual();
  }

  public static HttpProblem enrolmentRefused() {
    return HttpProblem.forbidden("enrolment-refused",
        "This account's phone number is a recycled or virtual number, so a second factor cannot be set up here. "
            + "Contact support: after checking it is you, they can send you a one-time set-up link.");
  }

  public static HttpProblem stepUpRequired() {
    return HttpProblem.forbidden("step-up-required", "Confirm it is you with a second factor first (step-up), then try again.");
  }
}
