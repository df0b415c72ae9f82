package dev.factorgate.account;

import java.util.Locale;

/** The two formats an account import accepts. */
public enum ImportFormat {
  /** {@code text/csv} with a header line naming the columns. */
  CSV,
  /** {@code application/x-ndjson}: one JSON object per line. */
  NDJSON;

  /** The format of a request's content type (parameters ignored), or null when it is neither. */
  public static ImportFormat ofContentType(String contentType) {
    if (contentType == null) {
      return null;
    }
    String base = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return switch (base) {
      case "text/csv" -> CSV;
      case "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines" -> NDJSON;
      default -> null;
    };
  }

  /** The format of a file by its name: {@code .ndjson}, {@code .jsonl} or {@code .json} are NDJSON, anything else CSV. */
  public static ImportFormat ofFileName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".ndjson") || n.endsWith(".jsonl") || n.endsWith(".json") ? NDJSON : CSV;
  }
}
