package dev.factorgate.policy;

/**
 * What the gateway does with a login that the upstream accepted.
 *
 * <p>For the refusals, the caller must drop the upstream response, including any
 * session cookie it set. Otherwise the "refused" user would still be logged in.
 */
public enum Outcome {
    /** Pass the upstream response through unchanged. */
    RELEASE,
    /** Hold the session until the user passes a second-factor challenge. */
    CHALLENGE,
    /** Hold the session until the user confirms a new strong factor. */
    REQUIRE_ENROLMENT,
    /** Hold the session on an enrolment suggestion that the user may snooze. */
    NUDGE,
    /** Too many failed second-factor attempts: answer 429 and drop the upstream response. */
    REFUSE_LOCKED,
    /** SMS login to a number that has changed hands: drop the upstream response. */
    REFUSE_RECYCLED,
    /** The account is frozen for admin review: drop the upstream response. */
    REFUSE_FROZEN;

    /**
     * Whether the gateway keeps the upstream session until the user completes an
     * interstitial step.
     *
     * @return true for {@link #CHALLENGE}, {@link #REQUIRE_ENROLMENT} and {@link #NUDGE}
     */
    public boolean holds() {
        return this == CHALLENGE || this == REQUIRE_ENROLMENT || this == NUDGE;
    }

    /**
     * Whether the login is refused outright and the upstream response dropped.
     *
     * @return true for {@link #REFUSE_LOCKED}, {@link #REFUSE_RECYCLED} and {@link #REFUSE_FROZEN}
     */
    public boolean refuses() {
        return this == REFUSE_LOCKED || this == REFUSE_RECYCLED || this == REFUSE_FROZEN;
    }
}
