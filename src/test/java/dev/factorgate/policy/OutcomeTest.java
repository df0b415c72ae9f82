package dev.factorgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OutcomeTest {

    @Test
    void interstitialOutcomesHold() {
        assertThat(Arrays.stream(Outcome.values()).filter(Outcome::holds))
                .containsExactlyInAnyOrder(Outcome.CHALLENGE, Outcome.REQUIRE_ENROLMENT, Outcome.NUDGE);
    }

    @Test
    void theThreeRefusalsRefuse() {
        assertThat(Arrays.stream(Outcome.values()).filter(Outcome::refuses))
                .containsExactlyInAnyOrder(Outcome.REFUSE_LOCKED, Outcome.REFUSE_RECYCLED, Outcome.REFUSE_FROZEN);
    }

    @Test
    void releaseNeitherHoldsNorRefuses() {
        assertThat(Outcome.RELEASE.holds()).isFalse();
        assertThat(Outcome.RELEASE.refuses()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Outcome.class)
    void noOutcomeBothHoldsAndRefuses(Outcome outcome) {
        assertThat(outcome.holds() && outcome.refuses()).isFalse();
    }
}
