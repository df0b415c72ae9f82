package dev.factorgate.account;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What an import did. {@code rejected} lists at most {@link AccountImport#MAX_REPORTED} lines, the
 * first ones; {@code rejectedTotal} counts them all. {@code unchanged} are existing accounts the
 * file described exactly as stored.
 */
public record ImportResult(long inserted, long updated, long unchanged, List<Rejection> rejected, long rejectedTotal) {

  /** One refused line: its physical line number (the CSV header is line 1) and why. */
  public record Rejection(long line, String error) {}

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    for (Rejection r : rejected) {
      list.add(new JsonObject().put("line", r.line()).put("error", r.error()));
    }
    return new JsonObject()
        .put("inserted", inserted)
        .put("updated", updated)
        .put("unchanged", unchanged)
        .put("rejected", list)
        .put("rejected_total", rejectedTotal);
  }
}
