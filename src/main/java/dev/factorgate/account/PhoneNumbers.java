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
    try {
      PhoneNumber n = UTIL.parse(raw.trim(), defaultRegion == null ? "ZZ" : defaultRegion);
      return UTIL.isValidNumber(n) ? UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.E164) : null;
    } catch (NumberParseException e) {
      return null;
    }
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
