package dev.factorgate.campaign;

import dev.factorgate.Services;
import dev.factorgate.audit.AuditLog;
import dev.factorgate.campaign.NoticeStore.Claimed;
import dev.factorgate.mail.Mail;
import dev.factorgate.mail.Mailer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mails campaign notices in the background, at {@code campaigns.notify_per_second} overall. One runs
 * in every instance; the one holding a session advisory lock on its own connection is the sender,
 * so the rate holds however many instances there are, and another takes over when that connection
 * ends. Each second it claims up to the rate's worth of members ({@link NoticeStore}), sends, and
 * gives back those whose send failed, so they are tried again later, with a growing pause while the
 * mail server fails. A member is mailed at most once: a claim is never repeated once a send
 * succeeded, and a crash between claim and send loses that notice rather than sending it twice.
 */
public final class CampaignNotifier extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(CampaignNotifier.class);

  static final long PERIOD_MS = 1000;
  static final long FOLLOWER_PERIOD_MS = 5000;
  static final long MAX_BACKOFF_MS = 30_000;

  /** Sends at the same time at most; the SMTP client pools as many connections. */
  private static final int PARALLEL = 8;

  private final Services services;
  private final Mailer mailer;
  private final NoticeStore store = new NoticeStore();
  private final CampaignNotice notice;
  private final AuditLog audit;
  private final int perSecond;
  private PgConnection connection;
  private boolean leader;
  private boolean stopped;
  private int failures;
  private long timer = -1;

  public CampaignNotifier(Services services) {
    this.services = services;
    this.mailer = services.mailer();
    this.notice = new CampaignNotice(services.config().totp().issuer());
    this.audit = new AuditLog(services.instanceId());
    this.perSecond = services.config().campaigns().notifyPerSecond();
  }

  @Override
  public Future<?> start() {
    schedule(PERIOD_MS);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    PgConnection c = connection;
    connection = null;
    // a connection stuck mid-query must not hold up the instance's shutdown
    return c == null ? Future.succeededFuture()
        : c.close().timeout(5, java.util.concurrent.TimeUnit.SECONDS).otherwiseEmpty();
  }

  private void schedule(long delayMs) {
    if (!stopped) {
      timer = vertx.setTimer(Math.max(1, delayMs), t -> tick());
    }
  }

  private void tick() {
    long started = System.nanoTime();
    lead()
        .compose(lead -> lead ? batch() : Future.succeededFuture((Batch) null))
        .onComplete(ar -> {
          long elapsed = (System.nanoTime() - started) / 1_000_000;
          if (ar.failed()) {
            failures++;
            if (failures == 1 || failures % 20 == 0) {
              LOG.warn("campaign notices paused: {}", ar.cause().getClass().getSimpleName(), ar.cause());
            }
            schedule(backoff());
          } else if (ar.result() == null) {
            schedule(FOLLOWER_PERIOD_MS);
          } else if (ar.result().failed() > 0) {
            failures++;
            schedule(backoff());
          } else {
            failures = 0;
            schedule(PERIOD_MS - elapsed);
          }
        });
  }

  private long backoff() {
    return Math.min(MAX_BACKOFF_MS, PERIOD_MS << Math.min(failures, 5));
  }

  /** True while this instance holds the sender lock; connects and tries to take it when not. */
  private Future<Boolean> lead() {
    if (connection != null && leader) {
      return Future.succeededFuture(true);
    }
    Future<PgConnection> conn = connection != null
        ? Future.succeededFuture(connection)
        : PgConnection.connect(vertx, services.database().target().connectOptions()).map(c -> {
            connection = c;
            c.closeHandler(v -> {
              if (connection == c) {
                connection = null;
                leader = false;
              }
            });
            return c;
          });
    return conn.compose(store::tryLead).map(l -> {
      if (l && !leader) {
        LOG.info("instance {} sends the campaign notices", services.instanceId());
      }
      leader = l;
      return l;
    });
  }

  /** What one batch did. */
  private record Batch(int claimed, int sent, int failed, int undeliverable) {}

  private Future<Batch> batch() {
    return store.claim(services.pool(), perSecond).compose(claimed -> {
      if (claimed.isEmpty()) {
        return Future.succeededFuture(new Batch(0, 0, 0, 0));
      }
      List<Claimed> sent = new ArrayList<>();
      List<Claimed> failed = new ArrayList<>();
      List<Claimed> undeliverable = new ArrayList<>();
      return send(claimed, 0, sent, failed, undeliverable)
          .compose(v -> store.release(services.pool(), failed))
          .compose(v -> store.undeliverable(services.pool(), undeliverable))
          .compose(v -> record(sent, failed, undeliverable))
          .map(v -> new Batch(claimed.size(), sent.size(), failed.size(), undeliverable.size()));
    });
  }

  /** Sends {@link #PARALLEL} at a time; each outcome is sorted into its list, no send fails the batch. */
  private Future<Void> send(List<Claimed> all, int from, List<Claimed> sent, List<Claimed> failed, List<Claimed> undeliverable) {
    if (from >= all.size()) {
      return Future.succeededFuture();
    }
    List<Future<Void>> group = new ArrayList<>();
    for (Claimed c : all.subList(from, Math.min(all.size(), from + PARALLEL))) {
      Mail mail;
      try {
        mail = notice.to(c.email());
      } catch (IllegalArgumentException e) {
        undeliverable.add(c);
        continue;
      }
      Future<Void> f;
      try {
        f = mailer.send(mail);
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      group.add(f.transform(ar -> {
        (ar.succeeded() ? sent : failed).add(c);
        return Future.<Void>succeededFuture();
      }));
    }
    return Future.join(group).transform(ar -> send(all, from + PARALLEL, sent, failed, undeliverable));
  }

  /** One audit entry per campaign and batch: a million members must not mean a million entries. */
  private Future<Void> record(List<Claimed> sent, List<Claimed> failed, List<Claimed> undeliverable) {
    Map<Long, int[]> per = new TreeMap<>();
    sent.forEach(c -> per.computeIfAbsent(c.campaignId(), k -> new int[3])[0]++);
    failed.forEach(c -> per.computeIfAbsent(c.campaignId(), k -> new int[3])[1]++);
    undeliverable.forEach(c -> per.computeIfAbsent(c.campaignId(), k -> new int[3])[2]++);
    List<Future<Void>> writes = new ArrayList<>();
    per.forEach((id, n) -> {
      String outcome = n[1] == 0 && n[2] == 0 ? "ok" : n[0] == 0 ? "failed" : "partial";
      LOG.info("campaign {} notices: {} sent, {} to retry, {} undeliverable", id, n[0], n[1], n[2]);
      writes.add(audit.record(services.pool(), new AuditLog.Entry("system", null, "campaign.notify", outcome, null,
          new JsonObject().put("campaign_id", id).put("sent", n[0]).put("failed", n[1]).put("undeliverable", n[2]))));
    });
    return Future.all(writes).mapEmpty();
  }
}
