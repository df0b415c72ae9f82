package dev.factorgate.factor.totp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Checks submitted TOTP codes (RFC 6238, T0 = 0) against a secret.
 *
 * <p>Every step in the window is computed and compared in constant time, with no early exit,
 * so response timing reveals neither whether a code matched nor which step it matched. Only
 * the shape check (length and ASCII digits) returns early, and that depends on the submitted
 * code alone, never on the secret.
 *
 * <p>This class does not prevent replay. {@link #verify} returns the matched step so the
 * caller can record it atomically (accept only if the step is greater than the last one
 * used); instances are immutable and thread-safe.
 */
public final class TotpVerifier {

    private final Clock clock;
    private final TotpParameters parameters;

    /**
     * Creates a verifier.
     *
     * @param clock      source of "now"; inject a fixed clock in tests
     * @param parameters algorithm, digits, period and window to apply
     */
    public TotpVerifier(Clock clock, TotpParameters parameters) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.parameters = Objects.requireNonNull(parameters, "parameters");
    }

    /**
     * Returns the parameters this verifier applies.
     *
     * @return the parameters given at construction
     */
    public TotpParameters parameters() {
        return parameters;
    }

    /**
     * Checks a code against the current step and {@code window} steps either side.
     *
     * <p>The code must be exactly {@code digits} ASCII digits; anything else (null, other
     * Unicode digits, signs, embedded whitespace) is rejected without throwing. Pass user
     * input through {@link #normalise} first if spaces and hyphens should be tolerated.
     *
     * <p>If the code happens to match more than one step, the latest is returned: recording
     * the latest step as used closes the whole window to that code, whereas recording an
     * earlier one would let the same code be replayed against the later step.
     *
     * @param secret the raw shared secret
     * @param code   the code as submitted
     * @return the matched time step, or empty if the code is malformed or matches no step
     */
    public OptionalLong verify(byte[] secret, String code) {
        Objects.requireNonNull(secret, "secret");
        if (!isWellFormed(code)) {
            return OptionalLong.empty();
        }
        byte[] submitted = code.getBytes(StandardCharsets.US_ASCII);
        long current = currentStep();
        long matched = -1;
        for (long step = current - parameters.window(); step <= current + parameters.window(); step++) {
            if (step < 0) {
                // Before the epoch there is no valid RFC 6238 step; skipping depends only on the clock.
                continue;
            }
            byte[] expected = codeAt(secret, step).getBytes(StandardCharsets.US_ASCII);
            boolean equal = MessageDigest.isEqual(expected, submitted);
            matched = equal ? step : matched;
        }
        return matched < 0 ? OptionalLong.empty() : OptionalLong.of(matched);
    }

    /**
     * Returns the RFC 6238 time step for the clock's current instant:
     * {@code floor(epochSeconds / period)}.
     *
     * @return the current step
     */
    public long currentStep() {
        return Math.floorDiv(clock.instant().getEpochSecond(), (long) parameters.periodSeconds());
    }

    /**
     * Computes the code an authenticator app shows during the given step.
     *
     * @param secret the raw shared secret
     * @param step   the time step
     * @return the code, zero-padded to {@code digits} ASCII digits
     */
    public String codeAt(byte[] secret, long step) {
        int code = Hotp.generate(secret, step, parameters.digits(), parameters.algorithm());
        return Hotp.format(code, parameters.digits());
    }

    /**
     * Strips the ASCII spaces and hyphens people type or paste between digit groups
     * ("123 456", "123-456"). Nothing else is touched, so other whitespace or look-alike
     * characters still make {@link #verify} reject the code.
     *
     * @param raw user input, possibly null
     * @return the input without {@code ' '} and {@code '-'}, or null if {@code raw} is null
     */
    public static String normalise(String raw) {
        if (raw == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != ' ' && c != '-') {
                out.append(c);
            }
        }
        return out.toString();
    }

    private boolean isWellFormed(String code) {
        if (code == null || code.length() != parameters.digits()) {
            return false;
        }
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            // Explicit range rather than Character.isDigit, which accepts every Unicode digit.
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
