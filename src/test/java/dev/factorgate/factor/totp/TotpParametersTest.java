package dev.factorgate.factor.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TotpParametersTest {

    @Test
    void defaultsAreSha1SixDigitsThirtySecondsWindowOne() {
        assertThat(TotpParameters.DEFAULTS)
                .isEqualTo(new TotpParameters(TotpAlgorithm.SHA1, 6, 30, 1));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 9, -6})
    void rejectsDigitsOutsideSixToEight(int digits) {
        assertThatThrownBy(() -> new TotpParameters(TotpAlgorithm.SHA1, digits, 30, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 7, 8})
    void acceptsDigitsSixToEight(int digits) {
        assertThat(new TotpParameters(TotpAlgorithm.SHA256, digits, 30, 0).digits()).isEqualTo(digits);
    }

    @Test
    void rejectsNonPositivePeriodAndNegativeWindow() {
        assertThatThrownBy(() -> new TotpParameters(TotpAlgorithm.SHA1, 6, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TotpParameters(TotpAlgorithm.SHA1, 6, 30, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsMissingAlgorithm() {
        assertThatThrownBy(() -> new TotpParameters(null, 6, 30, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
