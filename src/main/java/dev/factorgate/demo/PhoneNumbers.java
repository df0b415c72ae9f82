package dev.factorgate.demo;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Optional;

/**
 * Parses what people type into a phone field and turns it into E.164 ({@code +8613800138000}).
 *
 * <p>The demo plays a Chinese site, so numbers without a country code are read as CN numbers:
 * {@code 13800138000}, {@code 138 0013 8000} and {@code +86 138 0013 8000} are one user.
 * Normalising at the edge matters because users, codes and the outbox are all keyed by the
 * E.164 string; two spellings of one number must never become two accounts.
 */
final class PhoneNumbers {

  /** Region assumed for numbers typed without a leading {@code +} and country code. */
  static final String DEFAULT_REGION = "CN";

  /**
   * Longest input we hand to the parser. Real numbers with spaces and dashes are far shorter;
   * the cap keeps a hostile 60 KiB "phone" from costing parser time.
   */
  private static final int MAX_INPUT_LENGTH = 40;

  private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();

  /**
   * Normalises a typed phone number.
   *
   * @param raw what the user sent, may be {@code null}
   * @return the E.164 form, or empty if the input is not a valid, dialable number
   */
  Optional<String> toE164(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String trimmed = raw.strip();
    if (trimmed.isEmpty() || trimmed.length() > MAX_INPUT_LENGTH) {
      return Optional.empty();
    }
    try {
      PhoneNumber number = util.parse(trimmed, DEFAULT_REGION);
      // isValidNumber, not isPossibleNumber: a login code sent to "+86 123" would never arrive,
      // and the real site would reject it before paying for an SMS.
      if (!util.isValidNumber(number)) {
        return Optional.empty();
      }
      return Optional.of(util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Hides the middle of a number for logs, e.g. {@code +8613800138000 -> +86138****8000}.
   * Logs are read by more people than the user database, so they get less of the number.
   *
   * @param e164 a normalised number
   * @return the masked form
   */
  static String mask(String e164) {
    if (e164 == null) {
      return "";
    }
    int keepEnd = 4;
    int keepStart = 6;
    if (e164.length() <= keepStart + keepEnd) {
      // Short (some small countries): still hide something rather than print it all.
      keepStart = Math.min(3, e164.length());
      keepEnd = Math.min(2, e164.length() - keepStart);
    }
    return e164.substring(0, keepStart) + "****" + e164.substring(e164.length() - keepEnd);
  }
}
