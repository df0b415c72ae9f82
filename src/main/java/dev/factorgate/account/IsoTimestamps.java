package dev.factorgate.account;

/**
 * Strict ISO-8601 timestamps as import files write them, checked by hand because a million rows
 * with two dates each should not cost seconds of {@code DateTimeFormatter}. Accepted:
 * {@code 2025-01-31}, {@code 2025-01-31T08:00:00Z}, {@code 2025-01-31T08:00Z},
 * {@code 2025-01-31T08:00:00.123+08:00} (a space instead of the {@code T}, and {@code +0800}, too).
 * A date and time without an offset is refused: it would silently mean the database's time zone.
 */
public final class IsoTimestamps {

  /** Years outside this range are typos, not account history. */
  static final int MIN_YEAR = 1970;
  static final int MAX_YEAR = 2199;

  private IsoTimestamps() {}

  /**
   * The timestamp in a form PostgreSQL reads the same whatever its settings
   * ({@code 2025-01-31T08:00:00+08:00}), or null when {@code s} is not one.
   */
  public static String canonical(String s) {
    int n = s.length();
    if (n < 10 || n > 40) {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    if (year < MIN_YEAR || year > MAX_YEAR || s.charAt(4) != '-' || s.charAt(7) != '-'
        || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
      return null;
    }
    String date = s.substring(0, 10);
    if (n == 10) {
      return date + "T00:00:00Z";
    }
    char t = s.charAt(10);
    if ((t != 'T' && t != 't' && t != ' ') || n < 16) {
      return null;
    }
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    if (hour < 0 || hour > 23 || s.charAt(13) != ':' || minute < 0 || minute > 59) {
      return null;
    }
    int i = 16;
    String seconds = ":00";
    if (i < n && s.charAt(i) == ':') {
      int sec = digits(s, i + 1, 2);
      if (sec < 0 || sec > 59) {
        return null;
      }
      i += 3;
      seconds = s.substring(16, 19);
      if (i < n && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
        int d = ++i;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
          i++;
        }
        if (i == d || i - d > 9) {
          return null;
        }
        seconds = seconds + "." + s.substring(d, i);
      }
    }
    String offset = offset(s, i);
    return offset == null ? null : date + "T" + s.substring(11, 16) + seconds + offset;
  }

  private static String offset(String s, int i) {
    int n = s.length();
    if (i == n - 1 && (s.charAt(i) == 'Z' || s.charAt(i) == 'z')) {
      return "Z";
    }
    if (i >= n || (s.charAt(i) != '+' && s.charAt(i) != '-')) {
      return null;
    }
    int hh = digits(s, i + 1, 2);
    int mm;
    if (n - i == 6 && s.charAt(i + 3) == ':') {
      mm = digits(s, i + 4, 2);
    } else if (n - i == 5) {
      mm = digits(s, i + 3, 2);
    } else if (n - i == 3) {
      mm = 0;
    } else {
      return null;
    }
    // real offsets run from -12:00 to +14:00; Java takes up to 18:00 and PostgreSQL up to 15:59, so
    // anything past 14:00 is a typo that one of the two would fail on
    if (hh < 0 || mm < 0 || mm > 59 || hh > 14 || (hh == 14 && mm > 0)) {
      return null;
    }
    return s.charAt(i) + two(hh) + ":" + two(mm);
  }

  private static String two(int v) {
    return v < 10 ? "0" + v : Integer.toString(v);
  }

  /** The decimal value of {@code len} ASCII digits at {@code at}, or -1. */
  private static int digits(String s, int at, int len) {
    if (at + len > s.length()) {
      return -1;
    }
    int v = 0;
    for (int i = at; i < at + len; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static int daysIn(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }
}
