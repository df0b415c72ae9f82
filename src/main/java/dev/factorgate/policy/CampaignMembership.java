package dev.factorgate.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * One account's membership in one enrolment campaign.
 *
 * @param campaignId   the campaign's id. It is returned in the {@link Decision} so that
 *                     the caller can record a snooze against the right campaign.
 * @param mode         nudge or require
 * @param status       the campaign's status
 * @param state        this account's state within the campaign
 * @param enforceAfter for {@link CampaignMode#REQUIRE}: the deadline from which enrolment
 *                     is required (inclusive). If null, enrolment is required at once.
 *                     Ignored for {@link CampaignMode#NUDGE}.
 * @param snoozeLimit  how many snoozes the campaign allows; null means unlimited
 * @param snoozesUsed  how many snoozes this account has used
 */
public record CampaignMembership(long campaignId, CampaignMode mode, CampaignStatus status, MemberState state,
                                 Instant enforceAfter, Integer snoozeLimit, int snoozesUsed) {

    /**
     * Rejects values that would make the snooze arithmetic meaningless: a negative
     * limit or count would either never run out or always have run out.
     */
    public CampaignMembership {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(state, "state");
        if (snoozeLimit != null && snoozeLimit < 0) {
            throw new IllegalArgumentException("snoozeLimit must be >= 0 or null, was " + snoozeLimit);
        }
        if (snoozesUsed < 0) {
            throw new IllegalArgumentException("snoozesUsed must be >= 0, was " + snoozesUsed);
        }
    }

    /**
     * Whether this membership counts at all: the campaign is running, and the
     * account has neither enrolled nor been exempted.
     */
    boolean isLive() {
        return status == CampaignStatus.ACTIVE
                && state != MemberState.ENROLLED
                && state != MemberState.EXEMPT;
    }

    /** Whether the account has used every snooze a limited campaign allows. */
    boolean outOfSnoozes() {
        return snoozeLimit != null && snoozesUsed >= snoozeLimit;
    }

    /**
     * Whether this membership demands enrolment at {@code now}: either a REQUIRE
     * campaign whose deadline has come (an instant equal to the deadline counts as
     * past it), or any campaign whose snoozes are used up. Once the user can no
     * longer snooze, a nudge has nothing left to offer but enrolment.
     */
    boolean requiresEnrolmentAt(Instant now) {
        // SPEC 6: enforce_after is "a deadline after which nudges become required" — for a require
        // campaign without one, at once; for a nudge campaign, only when it has one.
        boolean pastDeadline = mode == CampaignMode.REQUIRE
                ? enforceAfter == null || !now.isBefore(enforceAfter)
                : enforceAfter != null && !now.isBefore(enforceAfter);
        return pastDeadline || outOfSnoozes();
    }

    /**
     * Snoozes remaining, or {@link Decision#UNLIMITED_SNOOZES} when there is no limit.
     * This is never negative, even if more snoozes than the limit were recorded.
     */
    int snoozesLeft() {
        return snoozeLimit == null ? Decision.UNLIMITED_SNOOZES : Math.max(0, snoozeLimit - snoozesUsed);
    }
}
