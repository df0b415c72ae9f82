package dev.factorgate.policy;

import java.util.Locale;
import java.util.Objects;

/**
 * How the user authenticated to the upstream site, as far as the decision table
 * cares: only SMS logins get the recycled-number treatment (rule 2), so any
 * upstream method other than SMS and password is folded into {@link #OTHER}.
 */
public enum LoginMethod {
    /** One-time code sent by SMS: the method this gateway moves users away from. */
    SMS,
    /** Password login. */
    PASSWORD,
    /** Any other upstream method (for example, a magic link). */
    OTHER;

    /**
     * Maps the factor name the upstream reports to a method.
     *
     * <p>The match ignores case and surrounding whitespace. If {@code "SMS"} fell
     * through to {@link #OTHER}, an SMS login would skip the recycled-number refusal,
     * so a loose match is the safer choice.
     *
     * @param s the upstream factor name, for example {@code "sms"} or {@code "password"}
     * @return {@link #SMS}, {@link #PASSWORD}, or {@link #OTHER} for anything else
     * @throws NullPointerException if {@code s} is null. A missing method is a
     *         caller bug, and guessing a method for it could skip rule 2.
     */
    public static LoginMethod fromFactorName(String s) {
        Objects.requireNonNull(s, "factor name");
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "sms" -> SMS;
            case "password" -> PASSWORD;
            default -> OTHER;
        };
    }
}
