package dev.factorgate.account;

import dev.factorgate.account.ImportFields.LineRejected;
import dev.factorgate.account.ImportResult.Rejection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.postgresql.copy.CopyIn;

/**
 * The streaming half of an import: lines are read on the calling thread, validated in batches by a
 * few threads (phone validation is most of an import's CPU time), and written to COPY in their
 * original order. At most a few batches are in flight, so memory stays small whatever the file.
 * It also notices whether the accounts arrived with strictly increasing user ids, as exports
 * usually do: then there can be no duplicate, and the upsert can skip its sort.
 */
final class ImportPipeline {

  static final int BATCH = 2048;

  /** What the streaming half staged. {@code any}: the input held a non-blank line. */
  record Staged(long staged, boolean ordered, List<Rejection> rejected, long rejectedTotal, boolean any) {}

  private record Validated(byte[] copy, List<Rejection> rejected, int staged, String firstId, String lastId, boolean ordered) {}

  private final ImportFields fields;
  private final AccountRows rows;
  private final int threads;

  ImportPipeline(ImportFields fields, AccountRows rows) {
    this.fields = fields;
    this.rows = rows;
    this.threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  Staged run(LineReader lines, CopyIn copy, AccountImport.Progress progress) throws IOException, SQLException {
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "factorgate-import");
      t.setDaemon(true);
      return t;
    });
    try {
      Sink sink = new Sink(copy);
      ArrayDeque<Future<Validated>> pending = new ArrayDeque<>();
      boolean headerRead = !fields.wantsHeader();
      boolean any = false;
      long[] numbers = new long[BATCH];
      String[] texts = new String[BATCH];
      int n = 0;
      for (LineReader.Line line = lines.next(); line != null; line = lines.next()) {
        if (line.number() % 8192 == 0) {
          progress.update(lines.bytesRead(), line.number());
        }
        if (line.text() != null && line.text().isBlank()) {
          continue;
        }
        any = true;
        if (!headerRead) {
          if (line.text() == null) {
            throw ImportFields.refused("The CSV header line is longer than " + AccountImport.MAX_LINE_BYTES + " bytes.");
          }
          fields.header(line.text());
          headerRead = true;
          continue;
        }
        numbers[n] = line.number();
        texts[n++] = line.text();
        if (n == BATCH) {
          long[] nb = numbers;
          String[] tb = texts;
          pending.add(pool.submit(() -> validate(nb, tb, BATCH)));
          numbers = new long[BATCH];
          texts = new String[BATCH];
          n = 0;
          while (pending.size() > 2 * threads) {
            sink.take(pending.poll());
          }
        }
      }
      if (n > 0) {
        long[] nb = numbers;
        String[] tb = texts;
        int size = n;
        pending.add(pool.submit(() -> validate(nb, tb, size)));
      }
      while (!pending.isEmpty()) {
        sink.take(pending.poll());
      }
      progress.update(lines.bytesRead(), -1);
      return new Staged(sink.staged, sink.ordered, sink.rejected, sink.rejectedTotal, any);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Runs on a pool thread: one batch, in line order. */
  private Validated validate(long[] numbers, String[] texts, int size) {
    StringBuilder out = new StringBuilder(size * 120);
    List<Rejection> rejected = new ArrayList<>();
    int staged = 0;
    String first = null;
    String last = null;
    boolean ordered = true;
    for (int i = 0; i < size; i++) {
      if (texts[i] == null) {
        rejected.add(new Rejection(numbers[i], "the line is longer than " + AccountImport.MAX_LINE_BYTES + " bytes"));
        continue;
      }
      int mark = out.length();
      try {
        String[] f = fields.read(texts[i]);
        rows.append(numbers[i], f, out);
        staged++;
        if (last != null && last.compareTo(f[0]) >= 0) {
          ordered = false;
        }
        if (first == null) {
          first = f[0];
        }
        last = f[0];
      } catch (LineRejected e) {
        out.setLength(mark);
        rejected.add(new Rejection(numbers[i], e.getMessage()));
      }
    }
    return new Validated(out.toString().getBytes(StandardCharsets.UTF_8), rejected, staged, first, last, ordered);
  }

  /** Receives validated batches in order: COPY data out, rejections and order kept. */
  private static final class Sink {
    private final CopyIn copy;
    final List<Rejection> rejected = new ArrayList<>();
    long rejectedTotal;
    long staged;
    boolean ordered = true;
    private String lastId;

    Sink(CopyIn copy) {
      this.copy = copy;
    }

    void take(Future<Validated> next) throws SQLException, IOException {
      Validated v;
      try {
        v = next.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException(e.getCause());
      }
      if (v.copy().length > 0) {
        copy.writeToCopy(v.copy(), 0, v.copy().length);
      }
      staged += v.staged();
      rejectedTotal += v.rejected().size();
      for (Rejection r : v.rejected()) {
        if (rejected.size() >= AccountImport.MAX_REPORTED) {
          break;
        }
        rejected.add(r);
      }
      if (v.firstId() != null) {
        if (!v.ordered() || (lastId != null && lastId.compareTo(v.firstId()) >= 0)) {
          ordered = false;
        }
        lastId = v.lastId();
      }
    }
  }
}
