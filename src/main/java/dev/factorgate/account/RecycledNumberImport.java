package dev.factorgate.account;

import dev.factorgate.audit.AuditLog;
import dev.factorgate.web.HttpProblem;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.core.streams.ReadStream;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Imports carrier lists of disconnected or reassigned numbers (CSV {@code phone,disconnected_at}),
 * streamed: lines are parsed as they arrive, stored and applied in chunks, and the stream is paused
 * while a chunk is written. Bad lines are reported with their number; good lines are kept.
 */
public final class RecycledNumberImport {

  /** What an import did. */
  public record Result(long lines, long imported, long accountsMarked, List<Rejected> rejected, long rejectedTotal) {
    public JsonObject toJson() {
      JsonArray r = new JsonArray();
      rejected.forEach(x -> r.add(new JsonObject().put("line", x.line()).put("error", x.error())));
      return new JsonObject().put("imported", imported).put("accounts_marked", accountsMarked)
          .put("rejected", r).put("rejected_total", rejectedTotal);
    }
  }

  /** A line that was not imported, and why. */
  public record Rejected(long line, String error) {}

  private static final int CHUNK = 5000;
  private static final int MAX_REPORTED = 1000;
  private static final int MAX_LINE = 512;

  private final Pool pool;
  private final PhoneNumbers phones;
  private final AuditLog audit;
  private final RecycledNumberStore store = new RecycledNumberStore();

  public RecycledNumberImport(Pool pool, PhoneNumbers phones, AuditLog audit) {
    this.pool = pool;
    this.phones = phones;
    this.audit = audit;
  }

  /** Imports a stream of CSV lines; {@code progress} receives the bytes and lines read so far. */
  public Future<Result> run(ReadStream<Buffer> input, String actor, String ip, AccountImport.Progress progress) {
    String source = "import:" + UUID.randomUUID();
    Promise<Result> done = Promise.promise();
    State s = new State();
    RecordParser parser = RecordParser.newDelimited("\n", input).maxRecordSize(64 * 1024);
    parser.exceptionHandler(e -> done.tryFail(HttpProblem.badRequest("The upload could not be read: a line is too long or the stream broke.")));
    parser.handler(line -> {
      s.line++;
      s.bytes += line.length() + 1;
      try {
        accept(s, line);
      } catch (RuntimeException e) {
        // never a line lost without a word: an exception here would vanish inside the parser
        reject(s, "the line could not be read");
      }
      if (s.phones.size() >= CHUNK) {
        parser.pause();
        flush(s, source).onComplete(ar -> {
          if (ar.failed()) {
            done.tryFail(ar.cause());
          } else {
            progress.update(s.bytes, s.line);
            parser.resume();
          }
        });
      }
    });
    parser.endHandler(v -> finish(s, source, actor, ip)
        .onSuccess(r -> {
          progress.update(s.bytes, s.line);
          done.tryComplete(r);
        })
        .onFailure(done::tryFail));
    return done.future();
  }

  /**
   * Imports one number (an upstream reporting a phone change, say), checked as a CSV line is.
   * Fails with 400 when the number or the date is not valid: there is no list to report it in.
   */
  public Future<Result> runOne(String phone, String disconnectedAt, String actor, String ip) {
    State s = new State();
    s.line = 1;
    try {
      accept(s, unquote(phone), unquote(disconnectedAt));
    } catch (RuntimeException e) {
      reject(s, "the number could not be read");
    }
    if (!s.rejected.isEmpty()) {
      return Future.failedFuture(HttpProblem.badRequest(s.rejected.get(0).error() + "."));
    }
    return finish(s, "import:" + UUID.randomUUID(), actor, ip);
  }

  private Future<Result> finish(State s, String source, String actor, String ip) {
    return flush(s, source)
        .compose(x -> audit.record(pool, new AuditLog.Entry(actor, null, "recycled_import", "ok", ip,
            new JsonObject().put("imported", s.imported).put("accounts_marked", s.marked).put("rejected", s.rejectedTotal))))
        .map(x -> new Result(s.line, s.imported, s.marked, List.copyOf(s.rejected), s.rejectedTotal));
  }

  private void accept(State s, Buffer raw) {
    String line = raw.toString(StandardCharsets.UTF_8).strip();
    if (line.isEmpty()) {
      return;
    }
    if (s.line == 1 && line.toLowerCase().replace(" ", "").startsWith("phone,disconnected_at")) {
      return; // header
    }
    if (line.length() > MAX_LINE) {
      reject(s, "line too long");
      return;
    }
    String[] parts = line.split(",", -1);
    if (parts.length != 2) {
      reject(s, "expected 2 fields: phone,disconnected_at");
      return;
    }
    accept(s, unquote(parts[0]), unquote(parts[1]));
  }

  private void accept(State s, String rawPhone, String rawDate) {
    if (rawPhone.length() > MAX_LINE || rawDate.length() > MAX_LINE) {
      reject(s, "phone or disconnected_at is too long");
      return;
    }
    String phone = phones.normalise(rawPhone);
    if (phone == null) {
      reject(s, "not a valid phone number");
      return;
    }
    OffsetDateTime at = parseDate(rawDate);
    if (at == null) {
      reject(s, "disconnected_at is not an ISO-8601 date or timestamp");
      return;
    }
    s.phones.add(phone);
    s.dates.add(at);
  }

  private static String unquote(String v) {
    String t = v.strip();
    return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1).strip() : t;
  }

  /**
   * {@code 2025-03-01} (midnight UTC) or a timestamp with offset, read as the account import reads
   * them (years 1970–2199: anything else is a typo that would mark accounts for ever); null otherwise.
   */
  static OffsetDateTime parseDate(String v) {
    String canonical = IsoTimestamps.canonical(v);
    try {
      return canonical == null ? null : OffsetDateTime.parse(canonical);
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  private static void reject(State s, String error) {
    s.rejectedTotal++;
    if (s.rejected.size() < MAX_REPORTED) {
      s.rejected.add(new Rejected(s.line, error));
    }
  }

  private Future<Void> flush(State s, String source) {
    if (s.phones.isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> p = new ArrayList<>(s.phones);
    List<OffsetDateTime> d = new ArrayList<>(s.dates);
    s.phones.clear();
    s.dates.clear();
    return store.importChunk(pool, p, d, source).map(c -> {
      s.imported += c.imported();
      s.marked += c.marked();
      return null;
    });
  }

  private static final class State {
    long line;
    long bytes;
    long imported;
    long marked;
    long rejectedTotal;
    final List<String> phones = new ArrayList<>();
    final List<OffsetDateTime> dates = new ArrayList<>();
    final List<Rejected> rejected = new ArrayList<>();
  }
}
