package dev.factorgate.policy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** Small builders so that each test says only what differs from an ordinary account. */
final class Fixtures {

    /** The instant every test decides at. It comes from a fixed clock, as the caller's injected one would. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);
    static final Instant NOW = CLOCK.instant();

    static final Instant VERIFIED = NOW.minus(Duration.ofDays(400));
    static final Instant DISCONNECTED = NOW.minus(Duration.ofDays(30));

    static final Decision FROZEN = new Decision(Outcome.REFUSE_FROZEN, 0, null, 0);
    static final Decision LOCKED = new Decision(Outcome.REFUSE_LOCKED, 1, null, 0);
    static final Decision RECYCLED = new Decision(Outcome.REFUSE_RECYCLED, 2, null, 0);
    static final Decision CHALLENGED = new Decision(Outcome.CHALLENGE, 3, null, 0);
    static final Decision RELEASED = new Decision(Outcome.RELEASE, 6, null, 0);

    private Fixtures() {
    }

    static Decision required(long campaignId) {
        return new Decision(Outcome.REQUIRE_ENROLMENT, 4, campaignId, 0);
    }

    static Decision nudged(long campaignId, int snoozesLeft) {
        return new Decision(Outcome.NUDGE, 5, campaignId, snoozesLeft);
    }

    /** An SMS-only account with no factor and a phone verified long ago, neither recycled nor virtual. */
    static AccountBuilder account() {
        return new AccountBuilder();
    }

    /** A live nudge membership: active, notified, unlimited snoozes, none used. */
    static MembershipBuilder campaign(long id) {
        return new MembershipBuilder(id);
    }

    static final class AccountBuilder {
        private LoginPolicy policy = LoginPolicy.SMS_ONLY;
        private boolean strongFactor;
        private boolean locked;
        private boolean frozen;
        private Instant verifiedAt = VERIFIED;
        private Instant recycledAt;
        private boolean virtual;

        AccountBuilder secondFactorRequired() {
            policy = LoginPolicy.SECOND_FACTOR_REQUIRED;
            return this;
        }

        AccountBuilder withStrongFactor() {
            strongFactor = true;
            return this;
        }

        AccountBuilder locked() {
            locked = true;
            return this;
        }

        AccountBuilder frozen() {
            frozen = true;
            return this;
        }

        /** The number was disconnected (and reassigned) after the account verified it. */
        AccountBuilder recycledNumber() {
            recycledAt = DISCONNECTED;
            return this;
        }

        AccountBuilder phoneVerifiedAt(Instant at) {
            verifiedAt = at;
            return this;
        }

        AccountBuilder phoneRecycledAt(Instant at) {
            recycledAt = at;
            return this;
        }

        AccountBuilder virtualNumber() {
            virtual = true;
            return this;
        }

        AccountState build() {
            return new AccountState(policy, strongFactor, locked, frozen, verifiedAt, recycledAt, virtual);
        }
    }

    static final class MembershipBuilder {
        private final long id;
        private CampaignMode mode = CampaignMode.NUDGE;
        private CampaignStatus status = CampaignStatus.ACTIVE;
        private MemberState state = MemberState.NOTIFIED;
        private Instant enforceAfter;
        private Integer snoozeLimit;
        private int snoozesUsed;

        private MembershipBuilder(long id) {
            this.id = id;
        }

        /** A REQUIRE campaign with this deadline; null means required from the start. */
        MembershipBuilder requireFrom(Instant deadline) {
            mode = CampaignMode.REQUIRE;
            enforceAfter = deadline;
            return this;
        }

        MembershipBuilder enforceAfter(Instant deadline) {
            enforceAfter = deadline;
            return this;
        }

        MembershipBuilder status(CampaignStatus s) {
            status = s;
            return this;
        }

        MembershipBuilder state(MemberState s) {
            state = s;
            return this;
        }

        MembershipBuilder snoozes(Integer limit, int used) {
            snoozeLimit = limit;
            snoozesUsed = used;
            return this;
        }

        CampaignMembership build() {
            return new CampaignMembership(id, mode, status, state, enforceAfter, snoozeLimit, snoozesUsed);
        }
    }
}
