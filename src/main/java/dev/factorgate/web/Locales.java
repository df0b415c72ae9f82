package dev.factorgate.web;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Chooses the language of a gateway page: English or Simplified Chinese.
 *
 * <p>An explicit {@code ?lang=} wins, then the browser's {@code Accept-Language}, then English.
 * Traditional Chinese is deliberately not mapped to Simplified: a Taiwan or Hong Kong reader is
 * better served by the next language they listed (often English) than by the wrong script. Input
 * comes straight from the client, so nothing here throws, whatever it is given.
 */
public final class Locales {

  /** Enough entries for any real browser; a longer list is someone probing, not a preference. */
  private static final int MAX_ENTRIES = 64;

  /** RFC 9110 qvalue: at most three decimals, between 0 and 1. */
  private static final Pattern QVALUE = Pattern.compile("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?");

  /** A language range: letters and digits in subtags of at most 8, '-' or '_' between them. */
  private static final Pattern RANGE = Pattern.compile("[A-Za-z]{1,8}([-_][A-Za-z0-9]{1,8})*");

  private Locales() {}

  /**
   * The page language for a request.
   *
   * @param langParam the {@code lang} query parameter, or null
   * @param acceptLanguage the {@code Accept-Language} header, or null
   * @return {@link Locale#ENGLISH} or {@link Locale#SIMPLIFIED_CHINESE}, never null
   */
  public static Locale choose(String langParam, String acceptLanguage) {
    Locale explicit = supported(langParam == null ? null : langParam.strip());
    if (explicit != null) {
      return explicit;
    }
    Locale fromHeader = fromAcceptLanguage(acceptLanguage);
    return fromHeader != null ? fromHeader : Locale.ENGLISH;
  }

  /** The value for {@code <html lang>}: {@code "zh-CN"} for Chinese, otherwise {@code "en"}. */
  public static String htmlLang(Locale locale) {
    return locale != null && "zh".equals(locale.getLanguage()) ? "zh-CN" : "en";
  }

  private static Locale fromAcceptLanguage(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    Locale best = null;
    int bestQ = 0;
    int start = 0;
    // Walks the commas by hand rather than split(), so a huge header costs no more than its first
    // MAX_ENTRIES entries (empty ones count too).
    for (int n = 0; n < MAX_ENTRIES && start <= header.length(); n++) {
      int comma = header.indexOf(',', start);
      int end = comma < 0 ? header.length() : comma;
      String entry = header.substring(start, end).strip();
      start = end + 1;
      if (entry.isEmpty()) {
        continue;
      }
      int q = quality(entry);
      if (q <= bestQ) {
        continue; // not better than what we have: the earlier entry wins a tie
      }
      int semi = entry.indexOf(';');
      Locale locale = supported(semi < 0 ? entry : entry.substring(0, semi).strip());
      if (locale != null) {
        best = locale;
        bestQ = q;
      }
    }
    return best;
  }

  /** The entry's q in thousandths (1000 when absent), or 0 when it is malformed or refuses. */
  private static int quality(String entry) {
    int semi = entry.indexOf(';');
    if (semi < 0) {
      return 1000;
    }
    for (String param : entry.substring(semi + 1).split(";", 8)) {
      int eq = param.indexOf('=');
      String name = (eq < 0 ? param : param.substring(0, eq)).strip();
      if (name.equalsIgnoreCase("q")) {
        String v = eq < 0 ? "" : param.substring(eq + 1).strip();
        if (!QVALUE.matcher(v).matches()) {
          return 0; // "q=NaN", "q=2", "q=-1": ignore the entry rather than guess
        }
        int dot = v.indexOf('.');
        String frac = dot < 0 ? "" : v.substring(dot + 1);
        return (v.charAt(0) - '0') * 1000 + Integer.parseInt((frac + "000").substring(0, 3));
      }
    }
    return 1000;
  }

  /** Maps one language tag to a supported locale, or null. */
  private static Locale supported(String tag) {
    if (tag == null || tag.length() > 64 || !RANGE.matcher(tag).matches()) {
      return null;
    }
    String[] parts = tag.toLowerCase(Locale.ROOT).replace('_', '-').split("-");
    if (parts[0].equals("en")) {
      return Locale.ENGLISH;
    }
    if (!parts[0].equals("zh")) {
      return null;
    }
    boolean hans = false;
    boolean traditional = false;
    for (int i = 1; i < parts.length; i++) {
      switch (parts[i]) {
        case "hans" -> hans = true;
        case "hant", "tw", "hk", "mo" -> traditional = true;
        default -> { }
      }
    }
    // An explicit script decides; otherwise the region does ("zh-SG" is simplified, "zh-TW" is not).
    return hans || !traditional ? Locale.SIMPLIFIED_CHINESE : null;
  }
}
