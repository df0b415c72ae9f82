package dev.factorgate.factor.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TotpVerifierTest {

    private static final byte[] SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    /** RFC 6238 step 0x23523EC; the SHA1 6-digit code there is 081804. */
    private static final long T = 1111111109L;
    private static final long STEP = T / 30;

    private static TotpVerifier at(long epochSeconds, int window) {
        return new TotpVerifier(
                Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC),
                new TotpParameters(TotpAlgorithm.SHA1, 6, 30, window));
    }

    @Test
    void acceptsCurrentCodeAndReturnsItsStep() {
        TotpVerifier verifier = at(T, 1);

        assertThat(verifier.verify(SECRET, verifier.codeAt(SECRET, STEP))).hasValue(STEP);
    }

    @Test
    void acceptsCodesOfAdjacentStepsWithinTheWindowAndReturnsThatStep() {
        TotpVerifier verifier = at(T, 1);

        assertThat(verifier.verify(SECRET, verifier.codeAt(SECRET, STEP - 1))).hasValue(STEP - 1);
        assertThat(verifier.verify(SECRET, verifier.codeAt(SECRET, STEP + 1))).hasValue(STEP + 1);
    }

    @Test
    void rejectsCodeOutsideTheWindow() {
        TotpVerifier verifier = at(T, 1);

        assertThat(verifier.verify(SECRET, verifier.codeAt(SECRET, STEP - 2))).isEmpty();
        assertThat(verifier.verify(SECRET, verifier.codeAt(SECRET, STEP + 2))).isEmpty();
    }

    @Test
    void windowZeroAcceptsOnlyTheCurrentStep() {
        TotpVerifier verifier = at(T, 0);

        assertThat(verifier.verify(SECRET, verifier.codeAt(SECRET, STEP))).hasValue(STEP);
        assertThat(verifier.verify(SECRET, verifier.codeAt(SECRET, STEP - 1))).isEmpty();
        assertThat(verifier.verify(SECRET, verifier.codeAt(SECRET, STEP + 1))).isEmpty();
    }

    @Test
    void stepChangesExactlyAtAPeriodBoundary() {
        long boundary = (STEP + 1) * 30;
        TotpVerifier atBoundary = at(boundary, 0);
        TotpVerifier oneSecondBefore = at(boundary - 1, 0);
        String nextCode = atBoundary.codeAt(SECRET, STEP + 1);

        assertThat(atBoundary.currentStep()).isEqualTo(STEP + 1);
        assertThat(oneSecondBefore.currentStep()).isEqualTo(STEP);
        assertThat(atBoundary.verify(SECRET, nextCode)).hasValue(STEP + 1);
        assertThat(oneSecondBefore.verify(SECRET, nextCode)).isEmpty();
        assertThat(oneSecondBefore.verify(SECRET, atBoundary.codeAt(SECRET, STEP))).hasValue(STEP);
    }

    @Test
    void windowOneReachesTheNextStepOneSecondBeforeTheBoundary() {
        long boundary = (STEP + 1) * 30;
        TotpVerifier verifier = at(boundary - 1, 1);

        assertThat(verifier.verify(SECRET, verifier.codeAt(SECRET, STEP + 1))).hasValue(STEP + 1);
        assertThat(verifier.verify(SECRET, verifier.codeAt(SECRET, STEP + 2))).isEmpty();
    }

    @Test
    void acceptsCodeWithLeadingZero() {
        TotpVerifier verifier = at(T, 0);

        assertThat(verifier.codeAt(SECRET, STEP)).isEqualTo("081804");
        assertThat(verifier.verify(SECRET, "081804")).hasValue(STEP);
    }

    @Test
    void rejectsCodeWithLeadingZeroDropped() {
        assertThat(at(T, 0).verify(SECRET, "81804")).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {
        "12345", "1234567", "12a456", " 123456", "123456 ", "123 456", "+12345", "-12345",
        "１２３４５６", "١٢٣٤٥٦", "۱۲۳۴۵۶", "08180４", "\t081804", "081804\n",
    })
    void rejectsMalformedCodesWithoutThrowing(String code) {
        TotpVerifier verifier = at(T, 1);

        assertThatCode(() -> verifier.verify(SECRET, code)).doesNotThrowAnyException();
        assertThat(verifier.verify(SECRET, code)).isEmpty();
    }

    @Test
    void rejectsCorrectCodeWrittenInNonAsciiDigits() {
        TotpVerifier verifier = at(T, 1);
        String ascii = verifier.codeAt(SECRET, STEP);

        assertThat(verifier.verify(SECRET, shiftDigits(ascii, '０'))).isEmpty();
        assertThat(verifier.verify(SECRET, shiftDigits(ascii, '٠'))).isEmpty();
    }

    @Test
    void normaliseRemovesAsciiSpacesAndHyphensOnly() {
        assertThat(TotpVerifier.normalise("081 804")).isEqualTo("081804");
        assertThat(TotpVerifier.normalise(" 081-804 ")).isEqualTo("081804");
        assertThat(TotpVerifier.normalise("081\t804")).isEqualTo("081\t804");
        assertThat(TotpVerifier.normalise("081\u00a0804")).isEqualTo("081\u00a0804");
        assertThat(TotpVerifier.normalise(null)).isNull();
    }

    @Test
    void normalisedInputWithSpacesIsAccepted() {
        TotpVerifier verifier = at(T, 0);

        assertThat(verifier.verify(SECRET, TotpVerifier.normalise("081 804"))).hasValue(STEP);
    }

    @Test
    void rejectsCodeForADifferentSecret() {
        TotpVerifier verifier = at(T, 1);
        byte[] other = "09876543210987654321".getBytes(StandardCharsets.US_ASCII);

        assertThat(verifier.verify(other, verifier.codeAt(SECRET, STEP))).isEmpty();
    }

    @Test
    void skipsStepsBeforeTheEpoch() {
        TotpVerifier verifier = at(0, 1);

        assertThat(verifier.currentStep()).isZero();
        assertThat(verifier.verify(SECRET, verifier.codeAt(SECRET, 0))).hasValue(0);
        assertThat(verifier.verify(SECRET, verifier.codeAt(SECRET, 1))).hasValue(1);
    }

    private static String shiftDigits(String ascii, char zero) {
        StringBuilder out = new StringBuilder();
        for (char c : ascii.toCharArray()) {
            out.append((char) (zero + (c - '0')));
        }
        return out.toString();
    }
}
