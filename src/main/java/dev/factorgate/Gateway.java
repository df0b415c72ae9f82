package dev.factorgate;

import dev.factorgate.campaign.CampaignNotifier;
import dev.factorgate.config.GatewayConfig;
import dev.factorgate.housekeeping.Housekeeping;
import dev.factorgate.mail.Mailers;
import dev.factorgate.store.DatabaseHealth;
import dev.factorgate.store.DatabaseTarget;
import dev.factorgate.store.MasterKeys;
import dev.factorgate.store.SecretBox;
import dev.factorgate.web.AdminVerticle;
import dev.factorgate.web.ClientAddress;
import dev.factorgate.web.HttpMetrics;
import dev.factorgate.web.Csrf;
import dev.factorgate.web.PublicVerticle;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway instance: its Vert.x, its pool, the public and admin listeners. Any number of
 * instances may share one database; tests start two in one JVM.
 */
public final class Gateway implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final Services services;
  private final int publicPort;
  private final int adminPort;

  private Gateway(Services services, int publicPort, int adminPort) {
    this.services = services;
    this.publicPort = publicPort;
    this.adminPort = adminPort;
  }

  /** Starts an instance without environment secrets (admin tokens only from the configuration). */
  public static Future<Gateway> start(GatewayConfig config, DatabaseTarget database, MasterKeys keys, Clock clock) {
    return start(config, database, keys, clock, RuntimeSecrets.none());
  }

  /** Starts an instance; listeners are up when the future completes, the database may come later. */
  public static Future<Gateway> start(
      GatewayConfig config, DatabaseTarget database, MasterKeys keys, Clock clock, RuntimeSecrets secrets) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    int loops = config.server().eventLoopCount();
    Vertx vertx =
        Vertx.builder()
            .with(
                new VertxOptions()
                    .setEventLoopPoolSize(loops)
                    .setPreferNativeTransport(true)
                    .setMetricsOptions(
                        new MicrometerMetricsOptions()
                            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
                            .setEnabled(true)))
            .withMetrics(new HttpMetrics(registry))
            .build();
    Pool pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(config.database().poolSize()).setShared(false))
            .connectingTo(database.connectOptions())
            .using(vertx)
            .build();
    DatabaseHealth health = new DatabaseHealth(vertx, database, pool);
    SecureRandom random = new SecureRandom();
    String instance = hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    Services services =
        new Services(
            vertx,
            config,
            pool,
            health,
            new SecretBox(keys, random),
            random,
            registry,
            clock,
            instance,
            new ClientAddress(config.server().trustedProxies()),
            new Csrf(Csrf.deriveKey(keys.current())),
            keys,
            secrets,
            Mailers.create(vertx, config.email(), secrets.smtpPassword(), clock));
    int publicPort;
    int adminPort;
    try {
      publicPort = portOrFree(config.server().publicListener().port());
      adminPort = portOrFree(config.server().admin().port());
    } catch (IOException e) {
      return vertx.close().compose(v -> Future.failedFuture(e));
    }
    health.migrateInBackground();
    return vertx
        .deployVerticle(() -> new PublicVerticle(services, publicPort), new DeploymentOptions().setInstances(loops))
        .compose(id -> vertx.deployVerticle(new AdminVerticle(services, adminPort)))
        .compose(id -> vertx.deployVerticle(new CampaignNotifier(services)))
        .compose(id -> vertx.deployVerticle(new Housekeeping(services)))
        .map(
            id -> {
              LOG.info(
                  "factorgate {} listening: public http://{}:{}/ -> {}, admin http://{}:{}/ ({} event loop(s), {} transport)",
                  instance,
                  config.server().publicListener().host(),
                  publicPort,
                  config.upstream().url(),
                  config.server().admin().host(),
                  adminPort,
                  loops,
                  vertx.isNativeTransportEnabled() ? "native" : "NIO");
              if (config.server().publicUrl() == null) {
                LOG.warn("server.public_url is not set: the links in change notices and enrolment links are relative "
                    + "and will not work from an email; set it to the site's origin as users see it");
              }
              return new Gateway(services, publicPort, adminPort);
            })
        .transform(ar -> ar.succeeded() ? Future.succeededFuture(ar.result()) : closeAndFail(vertx, ar.cause()));
  }

  /**
   * A start that failed (a port already taken, say) fails the returned future at once and closes
   * Vert.x behind it. Chaining the failure onto {@code vertx.close()} instead would never complete:
   * the close's listener is dispatched to an event loop that the close has just stopped, so the
   * caller ({@code serve}) waited for ever without a word.
   */
  private static Future<Gateway> closeAndFail(Vertx vertx, Throwable cause) {
    io.vertx.core.Promise<Gateway> failed = io.vertx.core.Promise.promise();
    failed.fail(cause);
    vertx.close();
    return failed.future();
  }

  /** Port 0 means "any free port"; chosen here so that every event-loop instance shares it. */
  private static int portOrFree(int port) throws IOException {
    if (port != 0) {
      return port;
    }
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String hostName() {
    String h = System.getenv("HOSTNAME");
    return h == null || h.isBlank() ? "factorgate" : h;
  }

  public Services services() {
    return services;
  }

  public int publicPort() {
    return publicPort;
  }

  public int adminPort() {
    return adminPort;
  }

  public Future<Void> stop() {
    services.database().close();
    return services.vertx().close();
  }

  /** Stops the instance, waiting at most 30 seconds: a shutdown must not hang on a stuck peer. */
  @Override
  public void close() {
    try {
      stop().toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      LOG.warn("instance {} did not stop within 30 s; leaving it", services.instanceId());
    } catch (java.util.concurrent.ExecutionException e) {
      LOG.warn("instance {} stopped with an error: {}", services.instanceId(), e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
