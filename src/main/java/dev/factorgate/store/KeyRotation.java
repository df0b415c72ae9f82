package dev.factorgate.store;

import dev.factorgate.audit.AuditLog;
import dev.factorgate.store.SealedRows.Replacement;
import dev.factorgate.store.SealedRows.Sealed;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * Re-encrypts every {@link SealedColumn} under the current master key ({@code factorgate keys
 * rotate}, SPEC section 3). Each column is walked in primary-key order, one transaction per batch:
 * the rows not under the current key are opened with their own key and sealed again, with the same
 * binding, by a conditional UPDATE that writes a row only if it still holds the ciphertext that was
 * read — a running gateway's change is never overwritten, the row is counted as changed instead.
 * An interrupted run keeps every batch it committed, and the next run finds only what is left.
 *
 * <p>Rows that cannot be re-encrypted (sealed under a key id that is no longer listed, or a value
 * that does not open) are left as they are and reported by id, never by content; the other rows
 * are still rotated. One audit entry records each run, interrupted runs included.
 */
public final class KeyRotation {

  public static final int DEFAULT_BATCH_SIZE = 500;
  public static final int MAX_BATCH_SIZE = 10_000;

  /** At most this many ciphertext bytes per batch: a held response can be megabytes. */
  static final long MAX_BATCH_BYTES = 16L * 1024 * 1024;

  /** Failures listed by id at most; the counts stay exact. */
  static final int LISTED_FAILURES = 100;

  /** A row left as it was. {@code unknownKeyId} is null when the value itself does not open. */
  public record Failure(SealedColumn column, UUID id, String unknownKeyId) {
    /** Why, for people; names the key id, never the ciphertext. */
    public String reason() {
      return unknownKeyId != null
          ? "sealed under key id " + unknownKeyId + ", which is not in the master keys"
          : "does not open: altered, copied from another row, or not a SecretBox value";
    }
  }

  /** One column's figures; {@code left} is -1 when the run ended before counting it. */
  public record ColumnResult(SealedColumn column, long reEncrypted, long changed, long unknownKey, long unreadable, long left) {
    JsonObject toJson() {
      JsonObject o = new JsonObject().put("re_encrypted", reEncrypted).put("changed", changed)
          .put("unknown_key", unknownKey).put("unreadable", unreadable);
      return left < 0 ? o : o.put("left", left);
    }
  }

  /** A run's outcome: per column, the key ids not known, the first failures, the time it took. */
  public record Result(String keyId, int batchSize, List<ColumnResult> columns, Set<String> unknownKeyIds,
                       List<Failure> failures, double seconds) {

    public long reEncrypted() {
      return columns.stream().mapToLong(ColumnResult::reEncrypted).sum();
    }

    /** Rows that could not be re-encrypted (unknown key or not opening). */
    public long failed() {
      return columns.stream().mapToLong(c -> c.unknownKey() + c.unreadable()).sum();
    }

    /** Rows still under another key than the current one when the run ended. */
    public long left() {
      return columns.stream().mapToLong(c -> Math.max(0, c.left())).sum();
    }

    /** The audit entry's detail: figures and key ids only. */
    public JsonObject toJson() {
      JsonObject cols = new JsonObject();
      columns.forEach(c -> cols.put(c.column().toString(), c.toJson()));
      return new JsonObject().put("key_id", keyId).put("batch_size", batchSize).put("columns", cols)
          .put("unknown_key_ids", new JsonArray(List.copyOf(unknownKeyIds)))
          .put("seconds", Math.round(seconds * 10) / 10.0);
    }
  }

  private final Pool pool;
  private final MasterKeys keys;
  private final SecretBox box;
  private final AuditLog audit;
  private final byte[] currentPrefix;

  public KeyRotation(Pool pool, MasterKeys keys, AuditLog audit) {
    this.pool = pool;
    this.keys = keys;
    this.box = new SecretBox(keys, new SecureRandom());
    this.audit = audit;
    this.currentPrefix = SecretBox.prefix(keys.currentId());
  }

  /** How many rows, over every sealed column, are not under the current key. */
  public Future<Long> remaining() {
    Future<Long> sum = Future.succeededFuture(0L);
    for (SealedColumn c : SealedColumn.values()) {
      sum = sum.compose(n -> new SealedRows(c).countNotUnder(pool, currentPrefix).map(m -> n + m));
    }
    return sum;
  }

  /**
   * Rotates every sealed column; {@code progress} gets the rows handled so far after each committed
   * batch (an exception it throws interrupts the run there, like a lost connection would).
   */
  public Future<Result> run(int batchSize, String actor, LongConsumer progress) {
    if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw new IllegalArgumentException("batch size must be 1 to " + MAX_BATCH_SIZE + ", is " + batchSize);
    }
    Run run = new Run(batchSize, progress);
    Future<Void> walked = Future.succeededFuture();
    for (SealedColumn c : SealedColumn.values()) {
      walked = walked.compose(v -> walk(run, new SealedRows(c), null));
    }
    return walked
        .compose(v -> countLeft(run))
        .transform(done -> {
          if (done.succeeded()) {
            Result r = done.result();
            return record(actor, r.left() == 0 ? "ok" : "incomplete", r.toJson()).map(r);
          }
          JsonObject partial = run.result(Map.of()).toJson().put("error", done.cause().getClass().getSimpleName());
          return record(actor, "interrupted", partial)
              .transform(x -> Future.<Result>failedFuture(done.cause()));
        });
  }

  private Future<Void> record(String actor, String outcome, JsonObject detail) {
    return audit.record(pool, new AuditLog.Entry(actor, null, "keys.rotate", outcome, null, detail));
  }

  /** One batch per transaction, then the next after the last id read, until a page comes back empty. */
  private Future<Void> walk(Run run, SealedRows rows, UUID after) {
    return pool
        .withTransaction(tx -> rows.page(tx, currentPrefix, after, run.batchSize, MAX_BATCH_BYTES)
            .compose(page -> page.isEmpty() ? Future.succeededFuture((Batch) null) : reseal(tx, rows, page)))
        .compose(batch -> {
          if (batch == null) {
            return Future.succeededFuture();
          }
          run.add(rows.column(), batch);
          run.progress.accept(run.handled);
          return walk(run, rows, batch.lastId());
        });
  }

  private Future<Batch> reseal(SqlConnection tx, SealedRows rows, List<Sealed> page) {
    SealedColumn column = rows.column();
    List<Replacement> replacements = new ArrayList<>(page.size());
    List<Failure> failures = new ArrayList<>();
    for (Sealed s : page) {
      String kid;
      try {
        kid = SecretBox.keyId(s.value());
      } catch (SecretBox.SealException e) {
        failures.add(new Failure(column, s.id(), null));
        continue;
      }
      if (keys.get(kid) == null) {
        failures.add(new Failure(column, s.id(), kid));
        continue;
      }
      byte[] plain;
      try {
        plain = box.open(s.value(), column, s.id());
      } catch (SecretBox.SealException e) {
        failures.add(new Failure(column, s.id(), null));
        continue;
      }
      try {
        replacements.add(new Replacement(s.id(), s.value(), box.seal(plain, column, s.id())));
      } finally {
        Arrays.fill(plain, (byte) 0);
      }
    }
    UUID last = page.get(page.size() - 1).id();
    return rows.replace(tx, replacements)
        .map(written -> new Batch(last, page.size(), written.size(), replacements.size() - written.size(), failures));
  }

  private Future<Result> countLeft(Run run) {
    Map<SealedColumn, Long> left = new EnumMap<>(SealedColumn.class);
    Future<Void> counted = Future.succeededFuture();
    for (SealedColumn c : SealedColumn.values()) {
      counted = counted.compose(v -> new SealedRows(c).countNotUnder(pool, currentPrefix).map(n -> {
        left.put(c, n);
        return null;
      }));
    }
    return counted.map(v -> run.result(left));
  }

  /** What one committed batch did. */
  private record Batch(UUID lastId, int rows, long written, long changed, List<Failure> failures) {}

  private static final class Tally {
    long reEncrypted;
    long changed;
    long unknownKey;
    long unreadable;
  }

  /** The figures of a run in progress; touched only by the batches, one after the other. */
  private final class Run {
    final int batchSize;
    final LongConsumer progress;
    final long started = System.nanoTime();
    final Map<SealedColumn, Tally> tallies = new EnumMap<>(SealedColumn.class);
    final Set<String> unknownKeyIds = new TreeSet<>();
    final List<Failure> failures = new ArrayList<>();
    long handled;

    Run(int batchSize, LongConsumer progress) {
      this.batchSize = batchSize;
      this.progress = progress;
      for (SealedColumn c : SealedColumn.values()) {
        tallies.put(c, new Tally());
      }
    }

    void add(SealedColumn column, Batch b) {
      Tally t = tallies.get(column);
      t.reEncrypted += b.written();
      t.changed += b.changed();
      for (Failure f : b.failures()) {
        if (f.unknownKeyId() != null) {
          t.unknownKey++;
          unknownKeyIds.add(f.unknownKeyId());
        } else {
          t.unreadable++;
        }
        if (failures.size() < LISTED_FAILURES) {
          failures.add(f);
        }
      }
      handled += b.rows();
    }

    Result result(Map<SealedColumn, Long> left) {
      List<ColumnResult> columns = new ArrayList<>();
      tallies.forEach((c, t) -> columns.add(new ColumnResult(c, t.reEncrypted, t.changed, t.unknownKey, t.unreadable, left.getOrDefault(c, -1L))));
      return new Result(keys.currentId(), batchSize, columns, unknownKeyIds, failures, (System.nanoTime() - started) / 1e9);
    }
  }
}
