package dev.factorgate.factor.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TotpSecretTest {

    private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void generatesTwentyRandomBytes() {
        SecureRandom random = new SecureRandom();
        byte[] first = TotpSecret.generate(random);
        byte[] second = TotpSecret.generate(random);

        assertThat(first).hasSize(20);
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void encodesKnownValue() {
        assertThat(TotpSecret.base32(RFC_SEED)).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    }

    @Test
    void decodesKnownValueInAnyCaseWithSpaces() {
        assertThat(TotpSecret.fromBase32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")).isEqualTo(RFC_SEED);
        assertThat(TotpSecret.fromBase32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq")).isEqualTo(RFC_SEED);
    }

    @ParameterizedTest(name = "\"{0}\" <-> \"{1}\"")
    @CsvSource({
        "f, MY",
        "fo, MZXQ",
        "foo, MZXW6",
        "foob, MZXW6YQ",
        "fooba, MZXW6YTB",
        "foobar, MZXW6YTBOI",
    })
    void matchesRfc4648TestVectorsWithoutPadding(String plain, String encoded) {
        byte[] bytes = plain.getBytes(StandardCharsets.US_ASCII);

        assertThat(TotpSecret.base32(bytes)).isEqualTo(encoded);
        assertThat(TotpSecret.fromBase32(encoded)).isEqualTo(bytes);
    }

    @Test
    void acceptsTrailingPadding() {
        assertThat(TotpSecret.fromBase32("MZXW6YQ=")).isEqualTo("foob".getBytes(StandardCharsets.US_ASCII));
        assertThat(TotpSecret.fromBase32("MY======")).isEqualTo("f".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void roundTripsArbitraryBytesOfEveryLength() {
        Random random = new Random(42);
        for (int length = 0; length <= 64; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            String encoded = TotpSecret.base32(data);

            assertThat(encoded).doesNotContain("=").matches("[A-Z2-7]*");
            assertThat(TotpSecret.fromBase32(encoded)).isEqualTo(data);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"GEZDGNB1", "GEZDGNB0", "GEZDGNB8", "GEZD-GNBV", "GEZ=DGNBV", "GEZDGNBÄ", "GEZD\tGNBV"})
    void rejectsInvalidCharacters(String text) {
        assertThatThrownBy(() -> TotpSecret.fromBase32(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "ABC", "ABCDEF", "ABCDEFGHA"})
    void rejectsLengthsNoByteSequenceEncodesTo(String text) {
        assertThatThrownBy(() -> TotpSecret.fromBase32(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void groupsIntoFoursForManualEntry() {
        assertThat(TotpSecret.grouped("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"))
                .isEqualTo("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
        assertThat(TotpSecret.grouped("MZXW6YTBOI")).isEqualTo("MZXW 6YTB OI");
        assertThat(TotpSecret.grouped("GEZD GNBV")).isEqualTo("GEZD GNBV");
        assertThat(TotpSecret.grouped("")).isEmpty();
    }
}
