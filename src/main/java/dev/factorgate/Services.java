package dev.factorgate;

import dev.factorgate.config.GatewayConfig;
import dev.factorgate.mail.Mailer;
import dev.factorgate.store.DatabaseHealth;
import dev.factorgate.store.MasterKeys;
import dev.factorgate.store.SecretBox;
import dev.factorgate.web.ClientAddress;
import dev.factorgate.web.Csrf;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * What one gateway instance shares between its verticles: configuration, the database pool, the
 * SecretBox, metrics, the clock and the instance name (written to the audit log), the secrets that
 * came from the environment, and the mail transport.
 */
public record Services(
    Vertx vertx,
    GatewayConfig config,
    Pool pool,
    DatabaseHealth database,
    SecretBox secretBox,
    SecureRandom random,
    PrometheusMeterRegistry metrics,
    Clock clock,
    String instanceId,
    ClientAddress clients,
    Csrf csrf,
    MasterKeys masterKeys,
    RuntimeSecrets secrets,
    Mailer mailer) {}
