package dev.factorgate.mail;

import java.util.regex.Pattern;

/** Mail addresses: the simple check every stored or mailed address passes, and the masked form. */
public final class Addresses {

  /** RFC 5321 limit for a path; the schema enforces the same. */
  public static final int MAX_LENGTH = 254;

  /*
   * Deliberately narrower than RFC 5322: no display names, comments, quoted local parts or
   * whitespace. Those are the parts that make header injection and confusing parses possible, and
   * no real user's address on file needs them. A dot is required in the domain, except for the
   * development domain "localhost".
   */
  private static final Pattern SIMPLE =
      Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\\-\\u0080-\\uFFFF]{1,64}@(?:[A-Za-z0-9\\-\\u0080-\\uFFFF]{1,63}\\.)+[A-Za-z0-9\\-\\u0080-\\uFFFF]{2,63}|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\\-]{1,64}@localhost");

  private Addresses() {}

  public static boolean isValid(String address) {
    if (address == null || address.isEmpty() || address.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < address.length(); i++) {
      char c = address.charAt(i);
      if (Character.isISOControl(c) || Character.isWhitespace(c) || c == '\u2028' || c == '\u2029') {
        return false;
      }
    }
    return SIMPLE.matcher(address).matches() && !address.startsWith(".") && !address.contains("..");
  }

  /** {@code a***@example.com}: the first character of the local part and the domain. */
  public static String mask(String address) {
    if (address == null) {
      return null;
    }
    int at = address.lastIndexOf('@');
    if (at <= 0) {
      return "***";
    }
    return address.substring(0, address.offsetByCodePoints(0, 1)) + "***" + address.substring(at);
  }
}
