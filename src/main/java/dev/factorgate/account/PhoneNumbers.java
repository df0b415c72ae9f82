package dev.factorgate.account;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.List;

/** Phone numbers as E.164 (libphonenumber), and the operator's virtual-number ranges. */
public final class PhoneNumbers {

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private final String defaultRegion;
  private final List<String> virtualPrefixes;

  public PhoneNumbers(String defaultRegion, List<String> virtualPrefixes) {
    this.defaultRegion = defaultRegion;
    this.virtualPrefixes = List.copyOf(virtualPrefixes);
  }

  /** E.164 form of a valid number, or null for anything that is not one. */
  public String normalise(String raw) {
    if (raw == null || raw.isBlank() || raw.length() > 40) {
      return null;
    }
    String fast = canonicalE164(raw);
    if (fast != null) {
      return fast;
    }
    try {
      PhoneNumber n = UTIL.parse(raw.trim(), defaultRegion == null ? "ZZ" : defaultRegion);
      return UTIL.isValidNumber(n) ? UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.E164) : null;
    } catch (NumberParseException e) {
      return null;
    }
  }

  /**
   * The input itself when it is already a valid number written in canonical E.164, else null (and
   * the caller parses it in full).
   *
   * <p>Why: {@code PhoneNumberUtil.parse} runs several large regular expressions (extensions,
   * alphanumeric numbers) and costs about 5 µs; an account import of a million rows spent most of
   * its time there. Input that is "+" and digits has none of those features, so its country code
   * (1-3 digits; codes are prefix-free) and national number are read directly, and the number is
   * accepted only if libphonenumber calls it valid and formats it back to exactly the same string.
   */
  static String canonicalE164(String raw) {
    int n = raw.length();
    if (n < 4 || n > 16 || raw.charAt(0) != '+' || raw.charAt(1) == '0') {
      return null;
    }
    for (int i = 1; i < n; i++) {
      char c = raw.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    for (int ccLen = 1; ccLen <= 3 && 1 + ccLen < n - 1; ccLen++) {
      int cc = Integer.parseInt(raw, 1, 1 + ccLen, 10);
      if (UTIL.getRegionCodeForCountryCode(cc).equals("ZZ")) {
        continue;
      }
      String nsn = raw.substring(1 + ccLen);
      PhoneNumber p = new PhoneNumber().setCountryCode(cc).setNationalNumber(Long.parseLong(nsn));
      if (nsn.length() > 1 && nsn.charAt(0) == '0') {
        p.setItalianLeadingZero(true);
        int zeros = 0;
        while (zeros < nsn.length() - 1 && nsn.charAt(zeros) == '0') {
          zeros++;
        }
        if (zeros > 1) {
          p.setNumberOfLeadingZeros(zeros);
        }
      }
      return UTIL.isValidNumber(p) && raw.equals(UTIL.format(p, PhoneNumberUtil.PhoneNumberFormat.E164)) ? raw : null;
    }
    return null;
  }

  /** True when an E.164 number lies in one of {@code policy.virtual_number_prefixes}. */
  public boolean isVirtual(String e164) {
    if (e164 == null) {
      return false;
    }
    for (String p : virtualPrefixes) {
      if (e164.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /** {@code +86138****8000}: enough to recognise, not enough to use. */
  public static String mask(String e164) {
    if (e164 == null || e164.length() < 8) {
      return e164 == null ? null : "****";
    }
    return e164.substring(0, e164.length() - 8) + "****" + e164.substring(e164.length() - 4);
  }
}
