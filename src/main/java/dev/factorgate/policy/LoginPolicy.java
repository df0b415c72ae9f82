package dev.factorgate.policy;

import java.util.Objects;

/** An account's login policy, as stored in the database. */
public enum LoginPolicy {
    /** The account has not yet moved off SMS: campaigns may nudge or require enrolment. */
    SMS_ONLY("sms_only"),
    /** Every login must pass a second-factor challenge. */
    SECOND_FACTOR_REQUIRED("second_factor_required");

    private final String dbValue;

    LoginPolicy(String dbValue) {
        this.dbValue = dbValue;
    }

    /**
     * Returns the value stored in the database column. It is kept apart from
     * {@link #name()} so that renaming a Java constant cannot change stored data.
     *
     * @return {@code "sms_only"} or {@code "second_factor_required"}
     */
    public String dbValue() {
        return dbValue;
    }

    /**
     * Parses a database value. The match is exact: the gateway writes these
     * values itself, so any other value means the data is corrupt and must not
     * be guessed at.
     *
     * @param value the stored value
     * @return the matching policy
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if {@code value} is not a known policy
     */
    public static LoginPolicy fromDb(String value) {
        Objects.requireNonNull(value, "login policy");
        for (LoginPolicy p : values()) {
            if (p.dbValue.equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown login policy: " + value);
    }
}
