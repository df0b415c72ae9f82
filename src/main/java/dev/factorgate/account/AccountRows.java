package dev.factorgate.account;

import dev.factorgate.account.ImportFields.LineRejected;
import dev.factorgate.mail.Addresses;

/**
 * Validates the fields of one import line and writes the account as a row of PostgreSQL's COPY
 * text format. Checks are those the database would otherwise fail the whole import on, and a few
 * it would not catch (an invalid phone number, a date without a time zone).
 */
final class AccountRows {

  static final int MAX_USER_ID = 200;

  private final PhoneNumbers phones;

  AccountRows(PhoneNumbers phones) {
    this.phones = phones;
  }

  /** Appends the COPY row {@code line \t user_id \t phone \t email \t virtual \t verified \t login}. */
  void append(long line, String[] f, StringBuilder out) {
    String userId = f[0];
    if (userId == null) {
      throw new LineRejected("user_id is missing");
    }
    if (userId.length() > MAX_USER_ID) {
      throw new LineRejected("user_id is longer than " + MAX_USER_ID + " characters");
    }
    for (int i = 0; i < userId.length(); i++) {
      if (Character.isISOControl(userId.charAt(i))) {
        throw new LineRejected("user_id contains a control character");
      }
    }
    if (userId.indexOf('\uFFFD') >= 0) {
      throw new LineRejected("the line is not valid UTF-8");
    }
    String phone = null;
    if (f[1] != null) {
      phone = phones.normalise(f[1]);
      if (phone == null) {
        throw new LineRejected("phone is not a valid phone number");
      }
    }
    String email = f[2];
    if (email != null && !Addresses.isValid(email)) {
      throw new LineRejected("email is not a valid address");
    }
    String verified = timestamp(f[3], "phone_verified_at");
    String login = timestamp(f[4], "last_login_at");
    out.append(line).append('\t');
    escaped(userId, out);
    out.append('\t').append(phone == null ? "\\N" : phone).append('\t');
    if (email == null) {
      out.append("\\N");
    } else {
      escaped(email, out);
    }
    out.append('\t').append(phones.isVirtual(phone) ? 't' : 'f')
        .append('\t').append(verified == null ? "\\N" : verified)
        .append('\t').append(login == null ? "\\N" : login)
        .append('\n');
  }

  private static String timestamp(String value, String name) {
    if (value == null) {
      return null;
    }
    String t = IsoTimestamps.canonical(value);
    if (t == null) {
      throw new LineRejected(name + " is not an ISO-8601 timestamp with a time zone (e.g. 2025-01-31T08:00:00Z)");
    }
    return t;
  }

  /** COPY text format: control characters are already refused, so only the backslash needs escaping. */
  private static void escaped(String s, StringBuilder out) {
    if (s.indexOf('\\') < 0) {
      out.append(s);
      return;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        out.append("\\\\");
      } else {
        out.append(c);
      }
    }
  }
}
