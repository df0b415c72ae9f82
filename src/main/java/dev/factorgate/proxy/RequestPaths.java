package dev.factorgate.proxy;

import java.util.Locale;

/**
 * Path canonicalisation for routing decisions. An upstream that normalises {@code /x/../login/sms}
 * or {@code /login/sms/} to its login handler must not let such a request slip past interception,
 * so ambiguous paths are refused and login routes are matched on a canonical form.
 */
public final class RequestPaths {

  private RequestPaths() {}

  /**
   * True for paths that different servers may resolve differently: dot segments, empty segments,
   * backslashes, and percent-encoded dots, slashes or backslashes.
   */
  public static boolean isAmbiguous(String path) {
    if (path == null || path.isEmpty() || path.charAt(0) != '/') {
      return true;
    }
    int n = path.length();
    for (int i = 0; i < n; i++) {
      char c = path.charAt(i);
      if (c == '\\' || c == 0) {
        return true;
      }
      if (c == '/' && i + 1 < n) {
        char d = path.charAt(i + 1);
        if (d == '/') {
          return true;
        }
        if (d == '.' && (i + 2 == n || path.charAt(i + 2) == '/'
            || (path.charAt(i + 2) == '.' && (i + 3 == n || path.charAt(i + 3) == '/')))) {
          return true;
        }
      }
      if (c == '%' && i + 2 < n) {
        char h = path.charAt(i + 1);
        char l = Character.toLowerCase(path.charAt(i + 2));
        if ((h == '2' && (l == 'e' || l == 'f')) || (h == '5' && l == 'c') || (h == '0' && l == '0')) {
          return true;
        }
      }
    }
    return false;
  }

  /** Lower case, without path parameters ({@code ;jsessionid=…}) and without a trailing slash. */
  public static String canonical(String path) {
    String p = path;
    int semi = p.indexOf(';');
    if (semi >= 0) {
      p = p.replaceAll(";[^/]*", "");
    }
    p = p.toLowerCase(Locale.ROOT);
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
