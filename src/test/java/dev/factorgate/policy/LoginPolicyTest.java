package dev.factorgate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class LoginPolicyTest {

    @Test
    void dbValuesAreTheStoredStrings() {
        assertThat(LoginPolicy.SMS_ONLY.dbValue()).isEqualTo("sms_only");
        assertThat(LoginPolicy.SECOND_FACTOR_REQUIRED.dbValue()).isEqualTo("second_factor_required");
    }

    @ParameterizedTest
    @EnumSource(LoginPolicy.class)
    void fromDbReadsBackWhatDbValueWrote(LoginPolicy policy) {
        assertThat(LoginPolicy.fromDb(policy.dbValue())).isEqualTo(policy);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SMS_ONLY", "Sms_Only", "", "totp_only", " sms_only"})
    void unknownOrMistypedValuesAreRejectedNotGuessed(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> LoginPolicy.fromDb(value));
    }

    @Test
    void nullIsRejected() {
        assertThatNullPointerException().isThrownBy(() -> LoginPolicy.fromDb(null));
    }
}
