package dev.factorgate.policy;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;

/** The compact constructors reject states that the decision table could not interpret. */
class RecordValidationTest {

    @Test
    void accountStateNeedsAPolicy() {
        assertThatNullPointerException()
                .isThrownBy(() -> new AccountState(null, false, false, false, null, null, false));
    }

    @Test
    void accountStateAllowsMissingPhoneDates() {
        assertThatCode(() -> new AccountState(LoginPolicy.SMS_ONLY, false, false, false, null, null, false))
                .doesNotThrowAnyException();
    }

    @Test
    void membershipRejectsNegativeSnoozeCounts() {
        assertThatIllegalArgumentException().isThrownBy(() -> membership(-1, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> membership(3, -1));
    }

    @Test
    void membershipAllowsAZeroOrMissingSnoozeLimit() {
        assertThatCode(() -> membership(0, 0)).doesNotThrowAnyException();
        assertThatCode(() -> membership(null, 0)).doesNotThrowAnyException();
    }

    @Test
    void membershipNeedsModeStatusAndState() {
        assertThatNullPointerException().isThrownBy(() -> new CampaignMembership(
                1, null, CampaignStatus.ACTIVE, MemberState.NOTIFIED, null, null, 0));
        assertThatNullPointerException().isThrownBy(() -> new CampaignMembership(
                1, CampaignMode.NUDGE, null, MemberState.NOTIFIED, null, null, 0));
        assertThatNullPointerException().isThrownBy(() -> new CampaignMembership(
                1, CampaignMode.NUDGE, CampaignStatus.ACTIVE, null, null, null, 0));
    }

    @Test
    void decisionMustNameTheRuleThatProducesItsOutcome() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Decision(Outcome.RELEASE, 3, null, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new Decision(Outcome.REFUSE_LOCKED, 0, null, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new Decision(Outcome.CHALLENGE, 7, null, 0));
        assertThatNullPointerException().isThrownBy(() -> new Decision(null, 6, null, 0));
    }

    @Test
    void decisionCarriesACampaignExactlyForRequireAndNudge() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Decision(Outcome.NUDGE, 5, null, -1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Decision(Outcome.REQUIRE_ENROLMENT, 4, null, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new Decision(Outcome.CHALLENGE, 3, 7L, 0));
        assertThatCode(() -> new Decision(Outcome.REQUIRE_ENROLMENT, 4, 7L, 0)).doesNotThrowAnyException();
    }

    @Test
    void decisionSnoozesLeftIsOnlyMeaningfulForANudge() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Decision(Outcome.NUDGE, 5, 7L, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new Decision(Outcome.NUDGE, 5, 7L, -2));
        assertThatIllegalArgumentException().isThrownBy(() -> new Decision(Outcome.REQUIRE_ENROLMENT, 4, 7L, 2));
        assertThatIllegalArgumentException().isThrownBy(() -> new Decision(Outcome.RELEASE, 6, null, -1));
        assertThatCode(() -> new Decision(Outcome.NUDGE, 5, 7L, Decision.UNLIMITED_SNOOZES))
                .doesNotThrowAnyException();
        assertThatCode(() -> new Decision(Outcome.NUDGE, 5, 7L, 1)).doesNotThrowAnyException();
    }

    private static CampaignMembership membership(Integer limit, int used) {
        return new CampaignMembership(1, CampaignMode.NUDGE, CampaignStatus.ACTIVE, MemberState.NOTIFIED,
                null, limit, used);
    }
}
