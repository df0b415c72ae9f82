package dev.factorgate.admin;

import dev.factorgate.Services;
import dev.factorgate.account.AccountAdmin;
import dev.factorgate.account.AccountImport;
import dev.factorgate.account.PhoneNumbers;
import dev.factorgate.account.RecycledNumberImport;
import dev.factorgate.enrolment.EnrolmentLinks;
import dev.factorgate.audit.AuditLog;
import dev.factorgate.audit.AuditTrail;
import dev.factorgate.campaign.CampaignService;
import dev.factorgate.notify.ChangeNotifier;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts the admin API and dashboard on the admin listener's router: authentication first, then
 * the streamed import (which must see the raw request), then a body handler and every other route.
 */
public final class AdminRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(AdminRoutes.class);

  private AdminRoutes() {}

  public static void mount(Vertx vertx, Router router, Services services) {
    AdminTokens tokens = new AdminTokens(services.config().admin().tokens(), services.secrets().adminToken());
    if (tokens.isEmpty()) {
      LOG.warn("no admin token configured (admin.tokens or FACTORGATE_ADMIN_TOKEN): the admin API refuses every request");
    }
    AdminAuth auth = new AdminAuth(tokens);
    AuditLog audit = new AuditLog(services.instanceId());
    boolean emailIsFactor = "factor".equals(services.config().email().role());
    PhoneNumbers phones =
        new PhoneNumbers(services.config().upstream().identity().defaultRegion(), services.config().policy().virtualNumberPrefixes());
    AccountRoutes accounts =
        new AccountRoutes(vertx, services, new AccountAdmin(services.pool(), audit, emailIsFactor, new ChangeNotifier(services)),
            new AccountImport(services.database().target(), phones, audit));

    SignalRoutes signals = new SignalRoutes(services, new RecycledNumberImport(services.pool(), phones, audit),
        new EnrolmentLinks(services.pool(), services.random(), audit));
    router.route("/api/*").handler(auth::api);
    accounts.mountStreaming(router);
    signals.mountStreaming(router);
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(services.config().server().maxBody()));
    accounts.mount(router);
    signals.mount(router);
    CampaignService campaigns = new CampaignService(services.pool(), audit, emailIsFactor);
    new CampaignRoutes(services, campaigns).mount(router);
    new AuditRoutes(new AuditTrail(services.pool())).mount(router);
    new DashboardRoutes(services, auth, new Dashboard(services.pool(), campaigns, audit, emailIsFactor, services.clock())).mount(router);
  }
}
