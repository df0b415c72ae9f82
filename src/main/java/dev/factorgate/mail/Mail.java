package dev.factorgate.mail;

import java.util.Objects;

/**
 * One outgoing message to one recipient. Construction refuses what could inject headers or break
 * the message: CR, LF or other control characters in the address or subject, and addresses that
 * are not a plain {@code local@domain}.
 *
 * @param to the recipient's address, {@code local@domain} without a display name
 * @param subject one line of text; may contain any language
 * @param text the plain-text body (required); codes are written there as six digits
 * @param html an HTML alternative, or null
 */
public record Mail(String to, String subject, String text, String html) {

  /** Longest subject accepted: well inside the 998-character line limit of RFC 5322 once encoded. */
  public static final int MAX_SUBJECT = 250;

  public Mail {
    if (!Addresses.isValid(to)) {
      throw new IllegalArgumentException("not a mail address the gateway sends to");
    }
    Objects.requireNonNull(subject, "subject");
    if (subject.isBlank() || subject.length() > MAX_SUBJECT || hasControl(subject)) {
      throw new IllegalArgumentException("the subject must be one line of 1-" + MAX_SUBJECT + " characters");
    }
    Objects.requireNonNull(text, "text");
  }

  private static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i)) || s.charAt(i) == '\u2028' || s.charAt(i) == '\u2029') {
        return true;
      }
    }
    return false;
  }

  /** Never prints the body: it may hold a code. */
  @Override
  public String toString() {
    return "Mail[to=" + Addresses.mask(to) + "]";
  }
}
