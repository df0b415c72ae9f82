package dev.factorgate.policy;

import static dev.factorgate.policy.Fixtures.CHALLENGED;
import static dev.factorgate.policy.Fixtures.DISCONNECTED;
import static dev.factorgate.policy.Fixtures.FROZEN;
import static dev.factorgate.policy.Fixtures.LOCKED;
import static dev.factorgate.policy.Fixtures.NOW;
import static dev.factorgate.policy.Fixtures.RECYCLED;
import static dev.factorgate.policy.Fixtures.RELEASED;
import static dev.factorgate.policy.Fixtures.account;
import static dev.factorgate.policy.Fixtures.campaign;
import static dev.factorgate.policy.Fixtures.nudged;
import static dev.factorgate.policy.Fixtures.required;
import static dev.factorgate.policy.LoginMethod.OTHER;
import static dev.factorgate.policy.LoginMethod.PASSWORD;
import static dev.factorgate.policy.LoginMethod.SMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LoginDecisionTest {

    private static Decision decide(AccountState account, LoginMethod method, CampaignMembership... campaigns) {
        return LoginDecision.decide(account, method, List.of(campaigns), NOW);
    }

    private static Decision decide(Fixtures.AccountBuilder account, LoginMethod method,
                                   Fixtures.MembershipBuilder... campaigns) {
        return decide(account.build(), method,
                Arrays.stream(campaigns).map(Fixtures.MembershipBuilder::build).toArray(CampaignMembership[]::new));
    }

    @Nested
    class EachRowOnItsOwn {

        @Test
        void frozenAccountIsRefused() {
            assertThat(decide(account().frozen(), PASSWORD)).isEqualTo(FROZEN);
        }

        @Test
        void lockedAccountIsRefused() {
            assertThat(decide(account().locked(), PASSWORD)).isEqualTo(LOCKED);
        }

        @Test
        void smsLoginToANumberRecycledSinceVerificationWithoutAStrongFactorIsRefused() {
            assertThat(decide(account().recycledNumber(), SMS)).isEqualTo(RECYCLED);
        }

        @Test
        void secondFactorRequiredAccountIsChallenged() {
            assertThat(decide(account().secondFactorRequired().withStrongFactor(), PASSWORD)).isEqualTo(CHALLENGED);
        }

        @Test
        void smsLoginOnARecycledNumberWithAStrongFactorIsChallenged() {
            assertThat(decide(account().recycledNumber().withStrongFactor(), SMS)).isEqualTo(CHALLENGED);
        }

        @Test
        void smsLoginOnAVirtualNumberWithAStrongFactorIsChallenged() {
            assertThat(decide(account().virtualNumber().withStrongFactor(), SMS)).isEqualTo(CHALLENGED);
        }

        @Test
        void requireCampaignPastItsDeadlineRequiresEnrolment() {
            assertThat(decide(account(), SMS, campaign(7).requireFrom(NOW.minus(Duration.ofDays(1)))))
                    .isEqualTo(required(7));
        }

        @Test
        void requireCampaignWithoutADeadlineRequiresEnrolmentAtOnce() {
            assertThat(decide(account(), PASSWORD, campaign(7).requireFrom(null))).isEqualTo(required(7));
        }

        @Test
        void nudgeCampaignOutOfSnoozesRequiresEnrolment() {
            assertThat(decide(account(), SMS, campaign(7).snoozes(3, 3))).isEqualTo(required(7));
        }

        @Test
        void activeNudgeCampaignNudges() {
            assertThat(decide(account(), SMS, campaign(7).snoozes(3, 1))).isEqualTo(nudged(7, 2));
        }

        @Test
        void requireCampaignBeforeItsDeadlineNudges() {
            assertThat(decide(account(), SMS, campaign(7).requireFrom(NOW.plus(Duration.ofDays(14))).snoozes(5, 0)))
                    .isEqualTo(nudged(7, 5));
        }

        @Test
        void smsOnlyAccountWithoutCampaignsIsReleased() {
            assertThat(decide(account(), SMS)).isEqualTo(RELEASED);
        }

        @Test
        void smsOnlyAccountWithAStrongFactorLoggingInByPasswordIsReleased() {
            assertThat(decide(account().withStrongFactor(), PASSWORD)).isEqualTo(RELEASED);
        }
    }

    /** For each pair of adjacent rows, an input that meets both conditions gets the earlier row. */
    @Nested
    class AdjacentRowsResolveToTheEarlierRow {

        @Test
        void frozenBeatsLocked() {
            assertThat(decide(account().frozen().locked(), SMS)).isEqualTo(FROZEN);
        }

        @Test
        void lockedBeatsRecycledNumberRefusal() {
            assertThat(decide(account().locked().recycledNumber(), SMS)).isEqualTo(LOCKED);
        }

        @Test
        void recycledNumberRefusalBeatsSecondFactorRequiredChallenge() {
            // The second-factor-required account has no strong factor here, so a challenge
            // could only fall back to recovery codes. The number has changed hands, so refuse.
            assertThat(decide(account().secondFactorRequired().recycledNumber(), SMS)).isEqualTo(RECYCLED);
        }

        @Test
        void recycledOrVirtualNumberChallengeBeatsRequireCampaign() {
            assertThat(decide(account().withStrongFactor().virtualNumber(), SMS, campaign(7).requireFrom(null)))
                    .isEqualTo(CHALLENGED);
            assertThat(decide(account().withStrongFactor().recycledNumber(), SMS, campaign(7).requireFrom(null)))
                    .isEqualTo(CHALLENGED);
        }

        @Test
        void secondFactorRequiredChallengeBeatsLeftoverRequireCampaign() {
            assertThat(decide(account().secondFactorRequired().withStrongFactor(), PASSWORD,
                    campaign(7).requireFrom(null))).isEqualTo(CHALLENGED);
        }

        @Test
        void requireEnrolmentBeatsNudge() {
            assertThat(decide(account(), SMS, campaign(1).snoozes(5, 4), campaign(2).requireFrom(NOW)))
                    .isEqualTo(required(2));
        }

        @Test
        void nudgeBeatsRelease() {
            assertThat(decide(account(), PASSWORD)).isEqualTo(RELEASED);
            assertThat(decide(account(), PASSWORD, campaign(1))).isEqualTo(nudged(1, Decision.UNLIMITED_SNOOZES));
        }
    }

    @Nested
    class RefusalsComeFirst {

        @Test
        void lockedAccountIsRefusedEvenWithARequireCampaign() {
            assertThat(decide(account().locked(), SMS, campaign(7).requireFrom(null))).isEqualTo(LOCKED);
        }

        @Test
        void lockedAccountIsRefusedEvenWithAStrongFactorAndSecondFactorPolicy() {
            assertThat(decide(account().locked().secondFactorRequired().withStrongFactor(), PASSWORD))
                    .isEqualTo(LOCKED);
        }

        @Test
        void frozenAccountIsRefusedEvenWithFactorsCampaignsAndARecycledNumber() {
            assertThat(decide(account().frozen().withStrongFactor().recycledNumber().virtualNumber(), SMS,
                    campaign(7).requireFrom(null), campaign(8))).isEqualTo(FROZEN);
        }

        @Test
        void refusalsCarryNoCampaignAndNoSnoozes() {
            Decision d = decide(account().locked(), SMS, campaign(7).snoozes(3, 0));
            assertThat(d.campaignId()).isNull();
            assertThat(d.snoozesLeft()).isZero();
            assertThat(d.outcome().refuses()).isTrue();
        }
    }

    @Nested
    class RecycledAndVirtualNumbers {

        @Test
        void passwordLoginOnARecycledNumberWithoutAFactorFallsThroughToRelease() {
            assertThat(decide(account().recycledNumber(), PASSWORD)).isEqualTo(RELEASED);
        }

        @Test
        void passwordLoginOnARecycledNumberWithoutAFactorFallsThroughToCampaigns() {
            assertThat(decide(account().recycledNumber(), PASSWORD, campaign(7).snoozes(2, 0)))
                    .isEqualTo(nudged(7, 2));
            assertThat(decide(account().recycledNumber(), PASSWORD, campaign(7).requireFrom(null)))
                    .isEqualTo(required(7));
        }

        @Test
        void otherUpstreamMethodOnARecycledNumberIsNotRefused() {
            assertThat(decide(account().recycledNumber(), OTHER)).isEqualTo(RELEASED);
        }

        @Test
        void passwordLoginOnARecycledNumberWithAStrongFactorIsNotChallenged() {
            assertThat(decide(account().recycledNumber().withStrongFactor(), PASSWORD)).isEqualTo(RELEASED);
        }

        @Test
        void recycledNumberThatWasNeverVerifiedIsTreatedAsRecycled() {
            assertThat(decide(account().phoneVerifiedAt(null).recycledNumber(), SMS)).isEqualTo(RECYCLED);
        }

        @Test
        void numberVerifiedOneSecondBeforeDisconnectionIsRecycled() {
            assertThat(decide(account().phoneRecycledAt(DISCONNECTED)
                    .phoneVerifiedAt(DISCONNECTED.minusSeconds(1)), SMS)).isEqualTo(RECYCLED);
        }

        @Test
        void numberVerifiedAtExactlyTheDisconnectionInstantIsNotRecycled() {
            assertThat(decide(account().phoneRecycledAt(DISCONNECTED).phoneVerifiedAt(DISCONNECTED), SMS))
                    .isEqualTo(RELEASED);
        }

        @Test
        void numberReverifiedAfterDisconnectionBelongsToTheAccountAgain() {
            Fixtures.AccountBuilder reverified = account().phoneRecycledAt(DISCONNECTED)
                    .phoneVerifiedAt(DISCONNECTED.plus(Duration.ofDays(2)));
            assertThat(decide(reverified, SMS)).isEqualTo(RELEASED);
            // Nor does it trigger the recycled-number challenge for an account with a factor.
            assertThat(decide(reverified.withStrongFactor(), SMS)).isEqualTo(RELEASED);
        }

        @Test
        void numberNotMarkedRecycledIsNotRefusedEvenIfNeverVerified() {
            assertThat(decide(account().phoneVerifiedAt(null), SMS)).isEqualTo(RELEASED);
        }

        @Test
        void smsLoginOnAVirtualNumberWithoutAFactorIsNotRefusedButFallsThrough() {
            assertThat(decide(account().virtualNumber(), SMS)).isEqualTo(RELEASED);
            assertThat(decide(account().virtualNumber(), SMS, campaign(7))).isEqualTo(nudged(7, -1));
        }

        @Test
        void passwordLoginOnAVirtualNumberWithAStrongFactorIsNotChallenged() {
            assertThat(decide(account().virtualNumber().withStrongFactor(), PASSWORD)).isEqualTo(RELEASED);
        }
    }

    @Nested
    class SecondFactorRequired {

        @Test
        void accountWithoutAnyActiveStrongFactorIsStillChallengedNeverReleased() {
            // For example, an admin revoked every factor. The challenge page offers recovery codes or email.
            assertThat(decide(account().secondFactorRequired(), PASSWORD)).isEqualTo(CHALLENGED);
            assertThat(decide(account().secondFactorRequired(), SMS)).isEqualTo(CHALLENGED);
            assertThat(decide(account().secondFactorRequired(), OTHER)).isEqualTo(CHALLENGED);
        }

        @Test
        void campaignMembershipsDoNotChangeTheChallenge() {
            assertThat(decide(account().secondFactorRequired().withStrongFactor(), SMS, campaign(7).snoozes(3, 0)))
                    .isEqualTo(CHALLENGED);
        }
    }

    @Nested
    class WhichCampaignsCount {

        @ParameterizedTest
        @EnumSource(value = CampaignStatus.class, names = {"PAUSED", "CANCELLED"})
        void campaignsThatAreNotActiveAreIgnored(CampaignStatus status) {
            assertThat(decide(account(), SMS, campaign(7).status(status))).isEqualTo(RELEASED);
            assertThat(decide(account(), SMS, campaign(7).status(status).requireFrom(null))).isEqualTo(RELEASED);
            assertThat(decide(account(), SMS, campaign(7).status(status).snoozes(1, 5))).isEqualTo(RELEASED);
        }

        @ParameterizedTest
        @EnumSource(value = MemberState.class, names = {"ENROLLED", "EXEMPT"})
        void enrolledAndExemptMembersAreIgnored(MemberState state) {
            assertThat(decide(account(), SMS, campaign(7).state(state))).isEqualTo(RELEASED);
            assertThat(decide(account(), SMS, campaign(7).state(state).requireFrom(null))).isEqualTo(RELEASED);
            assertThat(decide(account(), SMS, campaign(7).state(state).snoozes(1, 5))).isEqualTo(RELEASED);
        }

        @ParameterizedTest
        @EnumSource(value = MemberState.class, names = {"TARGETED", "NOTIFIED", "SNOOZED"})
        void targetedNotifiedAndSnoozedMembersCount(MemberState state) {
            assertThat(decide(account(), SMS, campaign(7).state(state).snoozes(3, 1))).isEqualTo(nudged(7, 2));
        }

        @Test
        void ignoredRequireCampaignDoesNotHideALiveNudge() {
            assertThat(decide(account(), SMS,
                    campaign(1).requireFrom(null).status(CampaignStatus.PAUSED),
                    campaign(2).requireFrom(null).state(MemberState.EXEMPT),
                    campaign(3).snoozes(4, 1))).isEqualTo(nudged(3, 3));
        }

        @Test
        void emptyCampaignListReleases() {
            assertThat(LoginDecision.decide(account().build(), SMS, Collections.emptyList(), NOW))
                    .isEqualTo(RELEASED);
        }
    }

    @Nested
    class Deadlines {

        @Test
        void nowExactlyAtTheDeadlineRequiresEnrolment() {
            assertThat(decide(account(), SMS, campaign(7).requireFrom(NOW))).isEqualTo(required(7));
        }

        @Test
        void oneSecondBeforeTheDeadlineOnlyNudges() {
            assertThat(decide(account(), SMS, campaign(7).requireFrom(NOW.plusSeconds(1)))).isEqualTo(nudged(7, -1));
        }

        @Test
        void theSameMembershipFlipsAsTheInjectedInstantPassesTheDeadline() {
            AccountState a = account().build();
            List<CampaignMembership> c = List.of(campaign(7).requireFrom(NOW).snoozes(2, 1).build());
            assertThat(LoginDecision.decide(a, SMS, c, NOW.minusSeconds(1))).isEqualTo(nudged(7, 1));
            assertThat(LoginDecision.decide(a, SMS, c, NOW)).isEqualTo(required(7));
            assertThat(LoginDecision.decide(a, SMS, c, NOW.plus(Duration.ofDays(365)))).isEqualTo(required(7));
        }

        @Test
        void aNudgeCampaignPastItsEnforceAfterRequiresEnrolment() {
            assertThat(decide(account(), SMS, campaign(7).enforceAfter(NOW.minus(Duration.ofDays(1)))))
                    .isEqualTo(required(7));
            assertThat(decide(account(), SMS, campaign(7).enforceAfter(NOW.plus(Duration.ofDays(1)))))
                    .isEqualTo(nudged(7, -1));
        }

        @Test
        void requireCampaignBeforeItsDeadlineButOutOfSnoozesRequiresEnrolment() {
            assertThat(decide(account(), SMS, campaign(7).requireFrom(NOW.plus(Duration.ofDays(7))).snoozes(2, 2)))
                    .isEqualTo(required(7));
        }
    }

    @Nested
    class Snoozes {

        @Test
        void snoozesLeftIsLimitMinusUsed() {
            assertThat(decide(account(), SMS, campaign(7).snoozes(5, 0))).isEqualTo(nudged(7, 5));
            assertThat(decide(account(), SMS, campaign(7).snoozes(5, 3))).isEqualTo(nudged(7, 2));
            assertThat(decide(account(), SMS, campaign(7).snoozes(5, 4))).isEqualTo(nudged(7, 1));
        }

        @Test
        void noLimitMeansUnlimitedSnoozesShownAsMinusOne() {
            assertThat(decide(account(), SMS, campaign(7).snoozes(null, 40))).isEqualTo(nudged(7, -1));
        }

        @Test
        void usingTheLastSnoozeTurnsTheNudgeIntoARequirement() {
            assertThat(decide(account(), SMS, campaign(7).snoozes(5, 5))).isEqualTo(required(7));
        }

        @Test
        void moreSnoozesUsedThanTheLimitStillRequiresEnrolment() {
            assertThat(decide(account(), SMS, campaign(7).snoozes(2, 9))).isEqualTo(required(7));
        }

        @Test
        void aLimitOfZeroRequiresEnrolmentStraightAway() {
            assertThat(decide(account(), SMS, campaign(7).snoozes(0, 0))).isEqualTo(required(7));
        }
    }

    @Nested
    class SeveralCampaigns {

        @Test
        void requirementWinsOverANudgeWhateverTheListOrder() {
            Fixtures.MembershipBuilder nudge = campaign(1).snoozes(1, 0);
            Fixtures.MembershipBuilder require = campaign(2).requireFrom(null);
            assertThat(decide(account(), SMS, nudge, require)).isEqualTo(required(2));
            assertThat(decide(account(), SMS, require, nudge)).isEqualTo(required(2));
        }

        @Test
        void outOfSnoozesNudgeWinsOverAnotherNudge() {
            assertThat(decide(account(), SMS, campaign(1), campaign(2).snoozes(1, 1))).isEqualTo(required(2));
        }

        @Test
        void amongNudgesTheOneWithFewestSnoozesLeftIsChosen() {
            assertThat(decide(account(), SMS, campaign(1).snoozes(5, 1), campaign(2).snoozes(3, 1),
                    campaign(3).snoozes(9, 0))).isEqualTo(nudged(2, 2));
        }

        @Test
        void unlimitedSnoozesCountAsTheMost() {
            assertThat(decide(account(), SMS, campaign(1), campaign(2).snoozes(100, 0))).isEqualTo(nudged(2, 100));
        }

        @Test
        void requireCampaignBeforeItsDeadlineCompetesAsANudge() {
            assertThat(decide(account(), SMS, campaign(1).snoozes(4, 0),
                    campaign(2).requireFrom(NOW.plusSeconds(60)).snoozes(2, 0))).isEqualTo(nudged(2, 2));
        }

        @Test
        void tiesGoToTheLowestCampaignIdWhateverTheListOrder() {
            List<CampaignMembership> nudges = new ArrayList<>(List.of(
                    campaign(30).snoozes(3, 1).build(), campaign(10).snoozes(2, 0).build(),
                    campaign(20).snoozes(4, 2).build()));
            assertThat(LoginDecision.decide(account().build(), SMS, nudges, NOW)).isEqualTo(nudged(10, 2));
            Collections.reverse(nudges);
            assertThat(LoginDecision.decide(account().build(), SMS, nudges, NOW)).isEqualTo(nudged(10, 2));

            assertThat(decide(account(), SMS, campaign(9), campaign(4))).isEqualTo(nudged(4, -1));
        }

        @Test
        void severalRequirementsReturnTheLowestCampaignId() {
            assertThat(decide(account(), SMS, campaign(12).requireFrom(null), campaign(5).snoozes(1, 1),
                    campaign(8).requireFrom(NOW))).isEqualTo(required(5));
        }
    }

    @Nested
    class Arguments {

        @Test
        void nullArgumentsAreRejected() {
            AccountState a = account().build();
            assertThatNullPointerException().isThrownBy(() -> LoginDecision.decide(null, SMS, List.of(), NOW));
            assertThatNullPointerException().isThrownBy(() -> LoginDecision.decide(a, null, List.of(), NOW));
            assertThatNullPointerException().isThrownBy(() -> LoginDecision.decide(a, SMS, null, NOW));
            assertThatNullPointerException().isThrownBy(() -> LoginDecision.decide(a, SMS, List.of(), null));
        }

        @Test
        void nullMembershipIsRejectedEvenWhenAnEarlierRowWouldDecide() {
            List<CampaignMembership> withNull = new ArrayList<>();
            withNull.add(null);
            assertThatNullPointerException()
                    .isThrownBy(() -> LoginDecision.decide(account().frozen().build(), SMS, withNull, NOW));
        }

        @Test
        void theCallersListIsNotModified() {
            List<CampaignMembership> c = new ArrayList<>(List.of(campaign(2).build(), campaign(1).build()));
            List<CampaignMembership> before = List.copyOf(c);
            LoginDecision.decide(account().build(), SMS, c, NOW);
            assertThat(c).containsExactlyElementsOf(before);
        }
    }
}
