package dev.factorgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.support.Sql;
import dev.factorgate.support.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PipelinedTransactionTest {

  private final DatabaseTarget db = TestDatabase.fresh();
  private final Sql sql = new Sql(db);
  private final Vertx vertx = Vertx.vertx();
  private final Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(db.connectOptions()).using(vertx).build();

  @AfterEach
  void close() throws Exception {
    pool.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void statementsSentBehindBeginRunInOneTransactionAndCommit() throws Exception {
    long[] xids = PipelinedTransaction.run(pool, conn -> {
      // all sent at once, before BEGIN has been answered
      Future<RowSet<Row>> first = conn.query("select pg_current_xact_id()::text::bigint").execute();
      Future<RowSet<Row>> insert = conn.query("insert into audit_log (actor, action, outcome) values ('system', 'pipelined', 'ok')").execute();
      Future<RowSet<Row>> second = conn.query("select pg_current_xact_id()::text::bigint").execute();
      return Future.all(first, insert, second).map(all -> new long[] {
          first.result().iterator().next().getLong(0), second.result().iterator().next().getLong(0)});
    }).await(10, TimeUnit.SECONDS);
    assertThat(xids[0]).as("one transaction, not one per statement").isEqualTo(xids[1]);
    assertThat(sql.count("select count(*) from audit_log where action = 'pipelined'")).isEqualTo(1);
  }

  @Test
  void aFailedWorkRollsBackAndTheConnectionGoesBackToThePool() throws Exception {
    Future<Object> failed = PipelinedTransaction.run(pool, conn ->
        conn.query("insert into audit_log (actor, action, outcome) values ('system', 'rolled-back', 'ok')").execute()
            .compose(r -> Future.failedFuture(new IllegalStateException("refused"))));
    assertThat(failed.toCompletionStage().toCompletableFuture().handle((v, e) -> e).get(10, TimeUnit.SECONDS))
        .hasMessageContaining("refused");
    assertThat(sql.count("select count(*) from audit_log where action = 'rolled-back'")).isZero();
    // the pool has one connection: a leak would make this wait for ever
    assertThat(pool.query("select 1").execute().await(10, TimeUnit.SECONDS).size()).isEqualTo(1);
  }

  @Test
  void anSqlErrorInTheWorkRollsBackTheStatementsBeforeIt() throws Exception {
    Future<Object> failed = PipelinedTransaction.run(pool, conn -> {
      Future<RowSet<Row>> ok = conn.query("insert into audit_log (actor, action, outcome) values ('system', 'before-error', 'ok')").execute();
      Future<RowSet<Row>> bad = conn.query("select * from no_such_table").execute();
      return Future.all(ok, bad).map(all -> (Object) null);
    });
    assertThat(failed.toCompletionStage().toCompletableFuture().handle((v, e) -> e).get(10, TimeUnit.SECONDS))
        .hasMessageContaining("no_such_table");
    assertThat(sql.count("select count(*) from audit_log where action = 'before-error'")).isZero();
    assertThat(pool.query("select 1").execute().await(10, TimeUnit.SECONDS).size()).isEqualTo(1);
  }
}
