package dev.factorgate.factor.totp;

/**
 * The shape of a TOTP factor: which HMAC, how many digits, how long a time step lasts and
 * how many steps either side of "now" a verifier tolerates for clock skew.
 *
 * @param algorithm     HMAC hash function; SHA1 unless every supported app honours others
 * @param digits        code length, 6 to 8 inclusive
 * @param periodSeconds length of one time step in seconds, at least 1
 * @param window        number of steps accepted before and after the current one, at least 0
 */
public record TotpParameters(TotpAlgorithm algorithm, int digits, int periodSeconds, int window) {

    /**
     * SHA1, 6 digits, 30 second steps, one step of skew either way: what Google
     * Authenticator and its peers assume when the URI says nothing else.
     */
    public static final TotpParameters DEFAULTS = new TotpParameters(TotpAlgorithm.SHA1, 6, 30, 1);

    /** Shortest code length; RFC 4226 requires at least six digits. */
    public static final int MIN_DIGITS = 6;

    /** Longest code length; authenticator apps do not display more than eight. */
    public static final int MAX_DIGITS = 8;

    /**
     * Validates the parameters.
     *
     * @throws IllegalArgumentException if {@code algorithm} is null or any value is outside
     *                                  its documented range
     */
    public TotpParameters {
        // IllegalArgumentException even for null, so loading a bad config fails one way.
        if (algorithm == null) {
            throw new IllegalArgumentException("algorithm must not be null");
        }
        if (digits < MIN_DIGITS || digits > MAX_DIGITS) {
            throw new IllegalArgumentException(
                    "digits must be " + MIN_DIGITS + ".." + MAX_DIGITS + " but was " + digits);
        }
        if (periodSeconds < 1) {
            throw new IllegalArgumentException("periodSeconds must be positive but was " + periodSeconds);
        }
        if (window < 0) {
            throw new IllegalArgumentException("window must not be negative but was " + window);
        }
    }
}
