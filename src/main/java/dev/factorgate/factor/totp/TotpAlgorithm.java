package dev.factorgate.factor.totp;

/**
 * The HMAC hash functions RFC 6238 allows for TOTP.
 *
 * <p>SHA1 is the interoperable default: several authenticator apps silently ignore the
 * {@code algorithm} URI parameter and always use SHA1, so the others should only be chosen
 * when every supported app is known to honour it.
 */
public enum TotpAlgorithm {
    /** HMAC-SHA1, the RFC 4226 original and the only one every authenticator app supports. */
    SHA1("HmacSHA1", "SHA1"),
    /** HMAC-SHA256. */
    SHA256("HmacSHA256", "SHA256"),
    /** HMAC-SHA512. */
    SHA512("HmacSHA512", "SHA512");

    private final String macName;
    private final String otpauthName;

    TotpAlgorithm(String macName, String otpauthName) {
        this.macName = macName;
        this.otpauthName = otpauthName;
    }

    /**
     * Returns the JCA algorithm name accepted by {@link javax.crypto.Mac#getInstance(String)}.
     *
     * @return e.g. {@code HmacSHA1}
     */
    public String macName() {
        return macName;
    }

    /**
     * Returns the value used for the {@code algorithm} parameter of an {@code otpauth://} URI.
     *
     * @return e.g. {@code SHA1}
     */
    public String otpauthName() {
        return otpauthName;
    }
}
