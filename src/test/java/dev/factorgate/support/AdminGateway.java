package dev.factorgate.support;

import dev.factorgate.Gateway;
import dev.factorgate.store.DatabaseTarget;
import java.time.Clock;

/**
 * A gateway on a fresh database with the test admin token, in front of a small test upstream: what
 * the admin API and dashboard tests start from. {@code extraYaml} is appended to the configuration.
 */
public final class AdminGateway implements AutoCloseable {

  public final TestUpstream upstream = new TestUpstream();
  public final DatabaseTarget db = TestDatabase.fresh();
  public final Sql sql = new Sql(db);
  public final Gateway gateway;
  public final AdminApi admin;

  public AdminGateway(String extraYaml) {
    gateway = Gateway.start(TestConfig.parse(TestConfig.yaml(upstream.port()) + AdminApi.yaml() + extraYaml), db, TestKeys.keys(),
        Clock.systemUTC()).await();
    admin = new AdminApi(gateway);
  }

  @Override
  public void close() {
    gateway.close();
    upstream.close();
  }
}
