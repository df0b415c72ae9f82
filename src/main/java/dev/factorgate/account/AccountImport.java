package dev.factorgate.account;

import dev.factorgate.account.ImportResult.Rejection;
import dev.factorgate.audit.AuditLog;
import dev.factorgate.store.DatabaseTarget;
import dev.factorgate.web.HttpProblem;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.copy.CopyIn;

/**
 * Imports accounts from a CSV or NDJSON stream (SPEC section 7, {@code POST /api/accounts/import}
 * and {@code factorgate accounts import}). Blocking: it runs on a worker thread, reading the stream
 * line by line ({@link ImportPipeline}) while PostgreSQL ingests the COPY, so neither the file nor
 * the rows are ever held in memory. Each line is validated here; good lines are kept, bad ones reported with their line
 * number. Everything — staging, upsert, audit entry — is one transaction.
 */
public final class AccountImport {

  /** At most this many rejected lines are listed; the rest are only counted. */
  public static final int MAX_REPORTED = 1000;

  /** A longer line is rejected without being read into memory. */
  public static final int MAX_LINE_BYTES = 16 * 1024;

  /** Told how far an import got, for the command line's progress bar. */
  @FunctionalInterface
  public interface Progress {
    void update(long bytes, long lines);

    Progress NONE = (b, l) -> { };
  }

  private final DatabaseTarget database;
  private final PhoneNumbers phones;
  private final AuditLog audit;
  private final AccountImportStore store = new AccountImportStore();

  public AccountImport(DatabaseTarget database, PhoneNumbers phones, AuditLog audit) {
    this.database = database;
    this.phones = phones;
    this.audit = audit;
  }

  /**
   * Runs one import and returns what it did. Fails with a 400 {@link HttpProblem} when the stream
   * holds no lines or its CSV header is unusable (nothing is imported then), with {@link
   * SQLException} when the database fails, and with {@link IOException} when the stream breaks
   * off; in each case the transaction is rolled back.
   */
  public ImportResult run(InputStream in, ImportFormat format, String actor, String ip, Progress progress)
      throws SQLException, IOException {
    try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.jdbcProperties())) {
      c.setAutoCommit(false);
      try {
        ImportResult result = run(c, in, format, progress);
        audit.record(c, new AuditLog.Entry(actor, null, "accounts.import", "ok", ip, detail(format, result)));
        c.commit();
        return result;
      } catch (SQLException | IOException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private ImportResult run(Connection c, InputStream in, ImportFormat format, Progress progress)
      throws SQLException, IOException {
    store.prepare(c);
    ImportPipeline pipeline = new ImportPipeline(ImportFields.of(format), new AccountRows(phones));
    CopyIn copy = store.copy(c);
    ImportPipeline.Staged staged;
    try {
      staged = pipeline.run(new LineReader(in, MAX_LINE_BYTES), copy, progress);
      if (!staged.any()) {
        throw new HttpProblem(400, "empty-import", "Empty import", "The file holds no lines to import.");
      }
      copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
    List<Rejection> rejected = staged.rejected();
    long rejectedTotal = staged.rejectedTotal();
    if (staged.ordered()) {
      // strictly increasing user ids: no duplicates, and already in the unique index's order
      AccountImportStore.Upserted up = store.upsertOrdered(c);
      return new ImportResult(up.inserted(), up.updated(), staged.staged() - up.inserted() - up.updated(), rejected, rejectedTotal);
    }
    AccountImportStore.Upserted up = store.upsert(c);
    long duplicates = staged.staged() - up.distinct();
    if (duplicates > 0) {
      rejected = merge(rejected, store.duplicates(c, MAX_REPORTED));
      rejectedTotal += duplicates;
    }
    return new ImportResult(up.inserted(), up.updated(), up.distinct() - up.inserted() - up.updated(), rejected, rejectedTotal);
  }

  /** The first {@link #MAX_REPORTED} of two lists each sorted by line. */
  private static List<Rejection> merge(List<Rejection> a, List<Rejection> b) {
    List<Rejection> out = new ArrayList<>(Math.min(MAX_REPORTED, a.size() + b.size()));
    int i = 0;
    int j = 0;
    while (out.size() < MAX_REPORTED && (i < a.size() || j < b.size())) {
      if (j >= b.size() || (i < a.size() && a.get(i).line() < b.get(j).line())) {
        out.add(a.get(i++));
      } else {
        out.add(b.get(j++));
      }
    }
    return out;
  }

  private static JsonObject detail(ImportFormat format, ImportResult r) {
    return new JsonObject()
        .put("format", format.name().toLowerCase(java.util.Locale.ROOT))
        .put("inserted", r.inserted())
        .put("updated", r.updated())
        .put("unchanged", r.unchanged())
        .put("rejected", r.rejectedTotal());
  }
}
