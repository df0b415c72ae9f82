package dev.factorgate.factor.totp;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-based one-time passwords as defined by RFC 4226, generalised to the SHA-2 family
 * the way RFC 6238 does. TOTP is this function applied to a time-derived counter.
 *
 * <p>All methods are thread-safe. {@link Mac} instances are not, and creating one per call
 * costs a provider lookup, so each thread keeps one per algorithm.
 */
public final class Hotp {

    /** Largest digit count whose modulus still fits the 31-bit truncated value. */
    private static final int MAX_SUPPORTED_DIGITS = 9;

    private static final int[] POWERS_OF_TEN = {
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
    };

    private static final Map<TotpAlgorithm, ThreadLocal<Mac>> MACS = new EnumMap<>(TotpAlgorithm.class);

    static {
        for (TotpAlgorithm alg : TotpAlgorithm.values()) {
            MACS.put(alg, ThreadLocal.withInitial(() -> newMac(alg)));
        }
    }

    private Hotp() {
    }

    /**
     * Computes the RFC 4226 code for one counter value.
     *
     * @param key     the shared secret (raw bytes, not base32); must not be empty
     * @param counter the moving factor: an event counter for HOTP, the time step for TOTP
     * @param digits  code length, 1 to 9
     * @param alg     the HMAC hash function
     * @return the code as a number in {@code [0, 10^digits)}; format it with {@link #format}
     *         because leading zeros are significant
     * @throws IllegalArgumentException if {@code key} is empty or {@code digits} is out of range
     */
    public static int generate(byte[] key, long counter, int digits, TotpAlgorithm alg) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(alg, "alg");
        checkDigits(digits);
        if (key.length == 0) {
            throw new IllegalArgumentException("key must not be empty");
        }
        byte[] hash = hmac(alg, key, counter);
        // Dynamic truncation (RFC 4226 section 5.3): the low nibble of the last byte picks
        // where to read, and the top bit is masked so signed/unsigned readers agree.
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24)
                | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8)
                | (hash[offset + 3] & 0xff);
        return binary % POWERS_OF_TEN[digits];
    }

    /**
     * Renders a code as exactly {@code digits} ASCII digits, keeping leading zeros.
     *
     * <p>Deliberately avoids {@link String#format}: that honours the default locale and can
     * emit non-ASCII digits, which would then never match what a user types.
     *
     * @param code   a value returned by {@link #generate}
     * @param digits the length it was generated for, 1 to 9
     * @return the zero-padded decimal string
     * @throws IllegalArgumentException if {@code code} does not fit in {@code digits} digits
     */
    public static String format(int code, int digits) {
        checkDigits(digits);
        if (code < 0 || code >= POWERS_OF_TEN[digits]) {
            throw new IllegalArgumentException("code " + code + " does not fit in " + digits + " digits");
        }
        char[] out = new char[digits];
        int rest = code;
        for (int i = digits - 1; i >= 0; i--) {
            out[i] = (char) ('0' + rest % 10);
            rest /= 10;
        }
        return new String(out);
    }

    private static byte[] hmac(TotpAlgorithm alg, byte[] key, long counter) {
        Mac mac = MACS.get(alg).get();
        try {
            mac.init(new SecretKeySpec(key, alg.macName()));
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("key rejected by " + alg.macName(), e);
        }
        byte[] message = new byte[Long.BYTES];
        long value = counter;
        for (int i = message.length - 1; i >= 0; i--) {
            message[i] = (byte) value;
            value >>>= 8;
        }
        return mac.doFinal(message);
    }

    private static Mac newMac(TotpAlgorithm alg) {
        try {
            return Mac.getInstance(alg.macName());
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE implementation must ship HmacSHA1 and HmacSHA256; SHA512 is universal in practice.
            throw new IllegalStateException(alg.macName() + " is not available in this JVM", e);
        }
    }

    private static void checkDigits(int digits) {
        if (digits < 1 || digits > MAX_SUPPORTED_DIGITS) {
            throw new IllegalArgumentException("digits must be 1.." + MAX_SUPPORTED_DIGITS + " but was " + digits);
        }
    }
}
