package dev.factorgate.notify;

import static dev.factorgate.store.Timestamps.utc;

import dev.factorgate.Counters;
import dev.factorgate.Services;
import dev.factorgate.factor.email.EmailMessages;
import dev.factorgate.mail.Addresses;
import dev.factorgate.session.Tokens;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every address on an account about each security change — a factor added or removed, new
 * recovery codes, a policy change — with a "this wasn't me" link and never a code or a sign-in
 * link. Sending happens after the change is committed and never delays the answer.
 */
public final class ChangeNotifier {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeNotifier.class);
  /** How long a "this wasn't me" link works. */
  public static final Duration REPORT_TTL = Duration.ofDays(30);

  /** A change worth a notice. */
  public enum Change {
    FACTOR_ADDED("a second factor was added to your account", "您的账户添加了一种二次验证方式"),
    FACTOR_REMOVED("a second factor was removed from your account", "您的账户移除了一种二次验证方式"),
    RECOVERY_CODES("new recovery codes were generated; the old ones no longer work", "生成了新的恢复码，旧的恢复码已失效"),
    SMS_ONLY_ON("sign-in by SMS code alone was turned back on", "重新开启了仅凭短信验证码登录"),
    SMS_ONLY_OFF("sign-in by SMS code alone was turned off; a second factor is now required", "关闭了仅凭短信验证码登录，现在登录需要二次验证"),
    ADMIN_RESET("support removed your second factors and turned sign-in by SMS code alone back on",
        "客服移除了您的二次验证方式，并重新开启了仅凭短信验证码登录");

    final String en;
    final String zh;

    Change(String en, String zh) {
      this.en = en;
      this.zh = zh;
    }
  }

  /*
   * The email on file, every active email factor, and the email factor the change is about even when
   * it was just removed (if it was ever confirmed): whoever removes an address must not silence the
   * one it reached, and an address never confirmed gets nothing.
   */
  private static final String ADDRESSES =
      "select email from accounts where id = $1 and email is not null "
          + "union all select address from factors where account_id = $1 and kind = 'email' "
          + "and (status = 'active' or (id = $2 and confirmed_at is not null))";
  private static final String INSERT_REPORT =
      "insert into change_reports (token_hash, account_id, factor_id, change, created_at, expires_at) values ($1, $2, $3, $4, $5, $6)";

  private final Services services;
  private final Counters notices;

  public ChangeNotifier(Services services) {
    this.services = services;
    this.notices = new Counters(services.metrics(), "factorgate_change_notices_total", "Security notices mailed, by change and outcome", "change", "outcome");
  }

  /** Sends the notices in the background; failures are logged, not returned. */
  public void notify(long accountId, Change change, UUID factorId) {
    notify(accountId, change, factorId, List.of());
  }

  /**
   * The same, also to {@code alsoTo}: addresses the change itself took off the account (an admin
   * reset revokes every email factor), which are the ones that must hear about it.
   */
  public void notify(long accountId, Change change, UUID factorId, Collection<String> alsoTo) {
    send(accountId, change, factorId, alsoTo).onFailure(e -> LOG.warn("change notice ({}) for account {} not sent: {}",
        change, accountId, e.getClass().getSimpleName()));
  }

  /** Sends the notices; completes when every address was tried. */
  public Future<Integer> send(long accountId, Change change, UUID factorId) {
    return send(accountId, change, factorId, List.of());
  }

  private Future<Integer> send(long accountId, Change change, UUID factorId, Collection<String> alsoTo) {
    return services.pool().preparedQuery(ADDRESSES).execute(Tuple.of(accountId, factorId))
        .compose(rows -> {
          List<String> found = new ArrayList<>(alsoTo);
          for (Row r : rows) {
            found.add(r.getString(0));
          }
          Set<String> addresses = new LinkedHashSet<>();
          for (String a : found) {
            if (a != null && Addresses.isValid(a)) {
              addresses.add(a.toLowerCase(Locale.ROOT));
            }
          }
          if (addresses.isEmpty()) {
            return Future.succeededFuture(0);
          }
          String token = Tokens.random(services.random());
          Instant now = services.clock().instant();
          return services.pool().preparedQuery(INSERT_REPORT)
              .execute(Tuple.of(Tokens.hash(token), accountId, factorId, change.name().toLowerCase(Locale.ROOT), utc(now), utc(now.plus(REPORT_TTL))))
              .compose(v -> {
                String url = reportUrl(token);
                List<Future<Void>> sends = new ArrayList<>();
                for (String a : addresses) {
                  sends.add(services.mailer().send(EmailMessages.change(a, change.en, change.zh, url)));
                }
                return Future.join(sends)
                    .onComplete(ar -> notices.increment(change.name().toLowerCase(Locale.ROOT), ar.succeeded() ? "sent" : "failed"))
                    .map(addresses.size());
              });
        });
  }

  /**
   * The link of a notice. It is built from {@code server.public_url}, never from the request's
   * Host header, which whoever made the change controls.
   */
  private String reportUrl(String token) {
    String base = services.config().server().publicUrl();
    String path = services.config().server().prefix() + "/report/" + token;
    return base == null ? path : base + path;
  }

}
