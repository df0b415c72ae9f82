package dev.factorgate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoginMethodTest {

    @Test
    void knownFactorNamesMap() {
        assertThat(LoginMethod.fromFactorName("sms")).isEqualTo(LoginMethod.SMS);
        assertThat(LoginMethod.fromFactorName("password")).isEqualTo(LoginMethod.PASSWORD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SMS", "Sms", " sms ", "sms\n"})
    void smsIsRecognisedWhateverTheCaseOrSurroundingSpaceSoRule2CannotBeSkipped(String name) {
        assertThat(LoginMethod.fromFactorName(name)).isEqualTo(LoginMethod.SMS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"totp", "magic_link", "webauthn", "", "sms2", "passwords"})
    void anyOtherUpstreamMethodIsOther(String name) {
        assertThat(LoginMethod.fromFactorName(name)).isEqualTo(LoginMethod.OTHER);
    }

    @Test
    void nullFactorNameIsRejected() {
        assertThatNullPointerException().isThrownBy(() -> LoginMethod.fromFactorName(null));
    }
}
