package dev.factorgate.policy;

import java.util.Objects;

/**
 * The result of {@link LoginDecision#decide}.
 *
 * @param outcome     what to do with the login
 * @param rule        which row of the table decided, from 0 to 6. Logs and metrics use
 *                    it to explain a decision.
 * @param campaignId  the campaign that caused a {@link Outcome#REQUIRE_ENROLMENT} or
 *                    {@link Outcome#NUDGE}; null for every other outcome
 * @param snoozesLeft for {@link Outcome#NUDGE}: snoozes remaining (at least 1), or
 *                    {@link #UNLIMITED_SNOOZES}; 0 for every other outcome
 */
public record Decision(Outcome outcome, int rule, Long campaignId, int snoozesLeft) {

    /** The {@code snoozesLeft} value for a nudge whose campaign has no snooze limit. */
    public static final int UNLIMITED_SNOOZES = -1;

    /**
     * Checks that the fields are consistent with each other and with the table. A
     * decision that names the wrong rule, or a nudge with no campaign, points to a
     * bug, and it is better to fail loudly than to act on it.
     */
    public Decision {
        Objects.requireNonNull(outcome, "outcome");
        if (ruleOf(outcome) != rule) {
            throw new IllegalArgumentException(outcome + " is decided by rule " + ruleOf(outcome) + ", not " + rule);
        }
        boolean campaignOutcome = outcome == Outcome.REQUIRE_ENROLMENT || outcome == Outcome.NUDGE;
        if (campaignOutcome != (campaignId != null)) {
            throw new IllegalArgumentException(campaignOutcome
                    ? outcome + " needs a campaignId"
                    : outcome + " must not carry a campaignId");
        }
        if (outcome == Outcome.NUDGE) {
            // A nudge with no snoozes left would be a requirement (rule 4), so 0 is invalid here.
            if (snoozesLeft < 1 && snoozesLeft != UNLIMITED_SNOOZES) {
                throw new IllegalArgumentException("a nudge needs snoozesLeft >= 1 or -1, was " + snoozesLeft);
            }
        } else if (snoozesLeft != 0) {
            throw new IllegalArgumentException(outcome + " must have snoozesLeft 0, was " + snoozesLeft);
        }
    }

    private static int ruleOf(Outcome outcome) {
        return switch (outcome) {
            case REFUSE_FROZEN -> 0;
            case REFUSE_LOCKED -> 1;
            case REFUSE_RECYCLED -> 2;
            case CHALLENGE -> 3;
            case REQUIRE_ENROLMENT -> 4;
            case NUDGE -> 5;
            case RELEASE -> 6;
        };
    }
}
