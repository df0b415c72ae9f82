package dev.factorgate.factor.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HotpTest {

    private static final byte[] RFC4226_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "counter {0} -> {1}")
    @CsvSource({
        "0, 755224",
        "1, 287082",
        "2, 359152",
        "3, 969429",
        "4, 338314",
        "5, 254676",
        "6, 287922",
        "7, 162583",
        "8, 399871",
        "9, 520489",
    })
    void matchesRfc4226AppendixD(long counter, String expected) {
        int code = Hotp.generate(RFC4226_SECRET, counter, 6, TotpAlgorithm.SHA1);

        assertThat(Hotp.format(code, 6)).isEqualTo(expected);
    }

    @Test
    void formatKeepsLeadingZeros() {
        assertThat(Hotp.format(81804, 6)).isEqualTo("081804");
        assertThat(Hotp.format(0, 8)).isEqualTo("00000000");
        assertThat(Hotp.format(7081804, 8)).isEqualTo("07081804");
    }

    @Test
    void formatRejectsCodeThatDoesNotFit() {
        assertThatThrownBy(() -> Hotp.format(1_000_000, 6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hotp.format(-1, 6)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsEmptyKeyAndUnsupportedDigitCounts() {
        assertThatThrownBy(() -> Hotp.generate(new byte[0], 0, 6, TotpAlgorithm.SHA1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hotp.generate(RFC4226_SECRET, 0, 0, TotpAlgorithm.SHA1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hotp.generate(RFC4226_SECRET, 0, 10, TotpAlgorithm.SHA1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void algorithmsExposeJcaAndOtpauthNames() {
        assertThat(TotpAlgorithm.SHA1.macName()).isEqualTo("HmacSHA1");
        assertThat(TotpAlgorithm.SHA256.macName()).isEqualTo("HmacSHA256");
        assertThat(TotpAlgorithm.SHA512.macName()).isEqualTo("HmacSHA512");
        assertThat(TotpAlgorithm.SHA1.otpauthName()).isEqualTo("SHA1");
        assertThat(TotpAlgorithm.SHA256.otpauthName()).isEqualTo("SHA256");
        assertThat(TotpAlgorithm.SHA512.otpauthName()).isEqualTo("SHA512");
    }

    @Test
    void givesSameAnswersWhenCalledConcurrentlyWithDifferentKeys() throws Exception {
        byte[] otherKey = "another secret key!!".getBytes(StandardCharsets.US_ASCII);
        int expectedRfc = Hotp.generate(RFC4226_SECRET, 7, 6, TotpAlgorithm.SHA1);
        int expectedOther = Hotp.generate(otherKey, 7, 6, TotpAlgorithm.SHA1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int task = 0; task < 8; task++) {
                boolean useRfc = task % 2 == 0;
                Callable<Boolean> work = () -> {
                    for (int i = 0; i < 2_000; i++) {
                        int code = useRfc
                                ? Hotp.generate(RFC4226_SECRET, 7, 6, TotpAlgorithm.SHA1)
                                : Hotp.generate(otherKey, 7, 6, TotpAlgorithm.SHA1);
                        if (code != (useRfc ? expectedRfc : expectedOther)) {
                            return false;
                        }
                    }
                    return true;
                };
                results.add(pool.submit(work));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
