package dev.factorgate.proxy;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Keeps redirects on the site: only same-site relative paths are ever sent as a Location. Refuses
 * {@code //host}, {@code /\host}, absolute URLs to other hosts, control characters, and the same
 * tricks percent-encoded.
 */
public final class SafeRedirect {

  private SafeRedirect() {}

  /**
   * The path to redirect to, or null when the location is not a same-site path. An absolute URL
   * whose host is {@code requestHost} is reduced to its path.
   */
  public static String path(String location, String requestHost) {
    if (location == null || location.isEmpty() || location.length() > 2048) {
      return null;
    }
    String candidate = location;
    if (!candidate.startsWith("/")) {
      try {
        URI uri = new URI(candidate);
        if (uri.getScheme() == null
            || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
            || uri.getRawAuthority() == null
            || requestHost == null
            || !uri.getRawAuthority().equalsIgnoreCase(requestHost)) {
          return null;
        }
        candidate = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      } catch (URISyntaxException e) {
        return null;
      }
    }
    return isSafePath(candidate) ? candidate : null;
  }

  /** True for a path that every browser resolves to this site. */
  public static boolean isSafePath(String p) {
    if (p == null || p.isEmpty() || p.charAt(0) != '/' || p.length() > 2048) {
      return false;
    }
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c < 0x21 || c == 0x7f || c == '\\') {
        return false;
      }
    }
    if (p.startsWith("//")) {
      return false;
    }
    // decode repeatedly: "/%2F%2Fevil" or "/%252F..." must not become "//evil" anywhere down the line
    String decoded = p;
    for (int i = 0; i < 3; i++) {
      String next;
      try {
        next = URLDecoder.decode(decoded.replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return false;
      }
      if (next.startsWith("//") || next.contains("\\") || next.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        return false;
      }
      if (next.equals(decoded)) {
        break;
      }
      decoded = next;
    }
    return true;
  }
}
