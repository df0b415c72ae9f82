package dev.factorgate.account;

import dev.factorgate.web.HttpProblem;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the raw fields of one import line, before validation: CSV with the columns its header
 * names, or one NDJSON object. A line that cannot be read fails with {@link LineRejected}; a CSV
 * header that cannot be used refuses the whole import (400), since no line after it would mean
 * anything.
 */
abstract class ImportFields {

  /** The import's columns, in the order {@link #read} returns them. */
  static final List<String> COLUMNS = List.of("user_id", "phone", "email", "phone_verified_at", "last_login_at");

  /** True when this format starts with a header line. */
  abstract boolean wantsHeader();

  /** Reads the header line (CSV only). */
  void header(String line) {}

  /** The five fields of a line, in {@link #COLUMNS} order; null for absent or empty ones. */
  abstract String[] read(String line);

  static ImportFields of(ImportFormat format) {
    return format == ImportFormat.CSV ? new Csv() : new Ndjson();
  }

  /** A line that is reported and skipped; the message names the problem, never the value. */
  static final class LineRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LineRejected(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * RFC 4180 fields on one physical line: a quoted field may contain commas and doubled quotes, but
   * not a line break (no column of an account can hold one, and physical line numbers then stay the
   * numbers an admin sees in an editor).
   */
  static final class Csv extends ImportFields {

    private int[] positions; // for each file column, its index in COLUMNS or -1 (never: refused)
    private int width;

    @Override
    boolean wantsHeader() {
      return true;
    }

    @Override
    void header(String line) {
      String text = line.startsWith("\uFEFF") ? line.substring(1) : line;
      List<String> names;
      try {
        names = split(text);
      } catch (LineRejected e) {
        throw refused("The CSV header line cannot be read: " + e.getMessage() + ".");
      }
      Map<String, Integer> seen = new HashMap<>();
      positions = new int[names.size()];
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i).strip().toLowerCase(Locale.ROOT);
        int at = COLUMNS.indexOf(name);
        if (at < 0) {
          throw refused("The CSV header names an unknown column '" + shorten(name) + "'; the columns are " + String.join(",", COLUMNS) + ".");
        }
        if (seen.put(name, i) != null) {
          throw refused("The CSV header names the column '" + name + "' twice.");
        }
        positions[i] = at;
      }
      if (!seen.containsKey("user_id")) {
        throw refused("The CSV header must name the column user_id; the columns are " + String.join(",", COLUMNS) + ".");
      }
      width = names.size();
    }

    @Override
    String[] read(String line) {
      List<String> values = split(line);
      if (values.size() != width) {
        throw new LineRejected("expected " + width + " fields, found " + values.size());
      }
      String[] out = new String[COLUMNS.size()];
      for (int i = 0; i < width; i++) {
        String v = values.get(i).strip();
        out[positions[i]] = v.isEmpty() ? null : v;
      }
      return out;
    }

    static List<String> split(String line) {
      List<String> fields = new ArrayList<>(6);
      StringBuilder field = new StringBuilder();
      int i = 0;
      int n = line.length();
      while (true) {
        field.setLength(0);
        // Spaces before an opening quote are tolerated, as spreadsheets write them.
        int j = i;
        while (j < n && line.charAt(j) == ' ') {
          j++;
        }
        if (j < n && line.charAt(j) == '"') {
          i = j + 1;
          boolean closed = false;
          while (i < n) {
            char c = line.charAt(i);
            if (c == '"') {
              if (i + 1 < n && line.charAt(i + 1) == '"') {
                field.append('"');
                i += 2;
                continue;
              }
              closed = true;
              i++;
              break;
            }
            field.append(c);
            i++;
          }
          if (!closed) {
            throw new LineRejected("broken CSV quoting: a quoted field is not closed on this line");
          }
          while (i < n && line.charAt(i) == ' ') {
            i++;
          }
          if (i < n && line.charAt(i) != ',') {
            throw new LineRejected("broken CSV quoting: text after a closing quote");
          }
        } else {
          while (i < n && line.charAt(i) != ',') {
            char c = line.charAt(i);
            if (c == '"') {
              throw new LineRejected("broken CSV quoting: a quote inside an unquoted field");
            }
            field.append(c);
            i++;
          }
        }
        fields.add(field.toString());
        if (i >= n) {
          return fields;
        }
        i++; // the comma
      }
    }
  }

  /** One JSON object per line, with the import's field names; values are strings or null. */
  static final class Ndjson extends ImportFields {

    @Override
    boolean wantsHeader() {
      return false;
    }

    @Override
    String[] read(String line) {
      Object value;
      try {
        value = Json.decodeValue(line);
      } catch (DecodeException e) {
        throw new LineRejected("not valid JSON");
      }
      if (!(value instanceof JsonObject o)) {
        throw new LineRejected("not a JSON object");
      }
      String[] out = new String[COLUMNS.size()];
      for (String key : o.fieldNames()) {
        int at = COLUMNS.indexOf(key);
        if (at < 0) {
          throw new LineRejected("unknown field '" + shorten(key) + "'");
        }
        Object v = o.getValue(key);
        if (v == null) {
          continue;
        }
        if (v instanceof String s) {
          String t = s.strip();
          out[at] = t.isEmpty() ? null : t;
        } else if (at == 0 && (v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger)) {
          out[at] = v.toString(); // numeric user ids are common upstream
        } else {
          throw new LineRejected(key + " must be a string");
        }
      }
      return out;
    }
  }

  private static String shorten(String s) {
    String clean = s.replaceAll("[\\p{Cntrl}]", "?");
    return clean.length() > 40 ? clean.substring(0, 40) + "…" : clean;
  }

  static HttpProblem refused(String detail) {
    return new HttpProblem(400, "import-refused", "Import refused", detail);
  }
}
