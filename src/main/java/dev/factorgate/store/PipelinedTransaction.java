package dev.factorgate.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.util.function.Function;

/**
 * {@link Pool#withTransaction}, without the round trip of its own for {@code BEGIN}: the work's
 * first statements are sent right behind {@code BEGIN} on the same connection (the client pipelines
 * them, PostgreSQL runs them in order inside the transaction). Commits when the work succeeds,
 * rolls back when it fails, and always gives the connection back to the pool.
 */
public final class PipelinedTransaction {

  private PipelinedTransaction() {}

  public static <T> Future<T> run(Pool pool, Function<SqlConnection, Future<T>> work) {
    return pool.getConnection().compose(conn -> {
      Future<Transaction> begun = conn.begin();
      Future<T> done;
      try {
        done = work.apply(conn);
      } catch (RuntimeException e) {
        done = Future.failedFuture(e);
      }
      Future<T> result = done;
      return begun
          .compose(tx -> result.transform(ar -> ar.succeeded()
              ? tx.commit().map(ar.result())
              : tx.rollback().transform(ignored -> Future.<T>failedFuture(ar.cause()))))
          .eventually(conn::close);
    });
  }
}
