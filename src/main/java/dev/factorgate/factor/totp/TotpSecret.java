package dev.factorgate.factor.totp;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Creation and text encoding of TOTP shared secrets.
 *
 * <p>Base32 follows RFC 4648 section 6 with the standard alphabet. Output is uppercase and
 * unpadded because that is what the Key Uri Format asks for and what authenticator apps
 * expect to be typed in. Input is forgiving about what humans do (lower case, spaces,
 * trailing padding) and strict about everything else.
 */
public final class TotpSecret {

    /** Secret length in bytes: 160 bits, the HMAC-SHA1 output size RFC 4226 recommends. */
    public static final int SECRET_BYTES = 20;

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final int GROUP = 4;

    private TotpSecret() {
    }

    /**
     * Draws a new secret.
     *
     * @param random the randomness source; must be a {@link SecureRandom}
     * @return {@value #SECRET_BYTES} random bytes
     */
    public static byte[] generate(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return secret;
    }

    /**
     * Encodes bytes as RFC 4648 base32, uppercase, without {@code =} padding.
     *
     * @param data the bytes to encode
     * @return the base32 text; empty for empty input
     */
    public static String base32(byte[] data) {
        Objects.requireNonNull(data, "data");
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out.append(ALPHABET[(buffer >>> bits) & 0x1f]);
            }
        }
        if (bits > 0) {
            out.append(ALPHABET[(buffer << (5 - bits)) & 0x1f]);
        }
        return out.toString();
    }

    /**
     * Decodes RFC 4648 base32. Letters may be in either case, ASCII spaces anywhere are
     * ignored, and trailing {@code =} padding is accepted.
     *
     * @param text the base32 text
     * @return the decoded bytes
     * @throws IllegalArgumentException on a character outside the alphabet, padding that is
     *                                  not at the end, or a length no byte sequence encodes to
     */
    public static byte[] fromBase32(String text) {
        Objects.requireNonNull(text, "text");
        String compact = stripSpaces(text);
        int end = compact.length();
        while (end > 0 && compact.charAt(end - 1) == '=') {
            end--;
        }
        // Lengths 1, 3 and 6 (mod 8) leave a partial byte of at least five bits: a typo, not data.
        int remainder = end % 8;
        if (remainder == 1 || remainder == 3 || remainder == 6) {
            throw new IllegalArgumentException("invalid base32 length " + end);
        }
        byte[] out = new byte[end * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int written = 0;
        for (int i = 0; i < end; i++) {
            buffer = (buffer << 5) | valueOf(compact.charAt(i), i);
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[written++] = (byte) (buffer >>> bits);
            }
        }
        return out;
    }

    /**
     * Splits base32 text into space-separated groups of four for manual entry, e.g.
     * {@code "GEZD GNBV GY3T QOJQ"}. Existing spaces are removed first, so the result is
     * the same whether or not the input was already grouped.
     *
     * @param base32 the base32 text
     * @return the grouped text
     */
    public static String grouped(String base32) {
        Objects.requireNonNull(base32, "base32");
        String compact = stripSpaces(base32);
        StringBuilder out = new StringBuilder(compact.length() + compact.length() / GROUP);
        for (int i = 0; i < compact.length(); i++) {
            if (i > 0 && i % GROUP == 0) {
                out.append(' ');
            }
            out.append(compact.charAt(i));
        }
        return out.toString();
    }

    private static int valueOf(char c, int index) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a';
        }
        if (c >= '2' && c <= '7') {
            return c - '2' + 26;
        }
        // Position only: the text is a secret and exception messages end up in logs.
        throw new IllegalArgumentException("invalid base32 character at position " + index);
    }

    private static String stripSpaces(String text) {
        return text.indexOf(' ') < 0 ? text : text.replace(" ", "");
    }
}
