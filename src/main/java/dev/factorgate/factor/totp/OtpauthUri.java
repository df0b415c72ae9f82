package dev.factorgate.factor.totp;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Builds {@code otpauth://totp/} enrolment URIs following the Google Authenticator Key Uri
 * Format.
 *
 * <p>Shape: {@code otpauth://totp/ISSUER:ACCOUNT?secret=BASE32&issuer=ISSUER&algorithm=SHA1&digits=6&period=30}.
 * The issuer appears both as the label prefix and as the {@code issuer} parameter, because
 * older apps read only one or the other.
 *
 * <p>Percent-encoding: issuer and account are encoded as UTF-8 and every byte except the
 * RFC 3986 unreserved characters {@code A-Z a-z 0-9 - . _ ~} becomes {@code %XX} (uppercase
 * hex). So a space is {@code %20} (never {@code +}, which some apps show literally) and
 * {@code @} is {@code %40}. The colon separating issuer from account is literal. The secret
 * is unpadded base32, which needs no encoding.
 */
public final class OtpauthUri {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private OtpauthUri() {
    }

    /**
     * Builds the URI.
     *
     * @param issuer      the service name shown in the app, e.g. {@code Example Co}
     * @param accountName the user's identifier within it, e.g. an e-mail address
     * @param secret      the raw shared secret
     * @param p           algorithm, digits and period to advertise
     * @return the URI as a string
     * @throws IllegalArgumentException if issuer or account is blank, contains {@code ':'},
     *                                  or is not well-formed UTF-16
     */
    public static String build(String issuer, String accountName, byte[] secret, TotpParameters p) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(p, "p");
        String encodedIssuer = encode(checkLabelPart(issuer, "issuer"));
        String encodedAccount = encode(checkLabelPart(accountName, "accountName"));
        return "otpauth://totp/" + encodedIssuer + ':' + encodedAccount
                + "?secret=" + TotpSecret.base32(secret)
                + "&issuer=" + encodedIssuer
                + "&algorithm=" + p.algorithm().otpauthName()
                + "&digits=" + p.digits()
                + "&period=" + p.periodSeconds();
    }

    private static String checkLabelPart(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        // The colon is the issuer/account separator; apps split on the first one they see.
        if (value.indexOf(':') >= 0) {
            throw new IllegalArgumentException(name + " must not contain ':'");
        }
        return value;
    }

    private static String encode(String value) {
        byte[] utf8 = strictUtf8(value);
        StringBuilder out = new StringBuilder(utf8.length * 3);
        for (byte b : utf8) {
            int c = b & 0xff;
            if (isUnreserved(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >>> 4]).append(HEX[c & 0x0f]);
            }
        }
        return out.toString();
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static byte[] strictUtf8(String value) {
        // String.getBytes would silently turn a lone surrogate into '?', putting a wrong name in the app.
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer buffer = encoder.encode(CharBuffer.wrap(value));
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not valid Unicode text", e);
        }
    }
}
