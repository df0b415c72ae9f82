package dev.factorgate.factor.totp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** All eighteen test vectors from RFC 6238 Appendix B (T0 = 0, 30 s steps, 8 digits). */
class Rfc6238VectorsTest {

    private static final String SEED_SHA1 = "12345678901234567890";
    private static final String SEED_SHA256 = "12345678901234567890123456789012";
    private static final String SEED_SHA512 =
            "1234567890123456789012345678901234567890123456789012345678901234";

    @ParameterizedTest(name = "{2} at {0} -> {1}")
    @CsvSource({
        "59,          94287082, SHA1,   0000000000000001",
        "59,          46119246, SHA256, 0000000000000001",
        "59,          90693936, SHA512, 0000000000000001",
        "1111111109,  07081804, SHA1,   00000000023523EC",
        "1111111109,  68084774, SHA256, 00000000023523EC",
        "1111111109,  25091201, SHA512, 00000000023523EC",
        "1111111111,  14050471, SHA1,   00000000023523ED",
        "1111111111,  67062674, SHA256, 00000000023523ED",
        "1111111111,  99943326, SHA512, 00000000023523ED",
        "1234567890,  89005924, SHA1,   000000000273EF07",
        "1234567890,  91819424, SHA256, 000000000273EF07",
        "1234567890,  93441116, SHA512, 000000000273EF07",
        "2000000000,  69279037, SHA1,   0000000003F940AA",
        "2000000000,  90698825, SHA256, 0000000003F940AA",
        "2000000000,  38618901, SHA512, 0000000003F940AA",
        "20000000000, 65353130, SHA1,   0000000027BC86AA",
        "20000000000, 77737706, SHA256, 0000000027BC86AA",
        "20000000000, 47863826, SHA512, 0000000027BC86AA",
    })
    void generatesAndAcceptsEveryAppendixBVector(long epochSeconds, String code, TotpAlgorithm alg, String stepHex) {
        byte[] seed = seedFor(alg);
        long step = Long.parseUnsignedLong(stepHex, 16);
        TotpVerifier verifier = new TotpVerifier(
                Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC),
                new TotpParameters(alg, 8, 30, 1));

        assertThat(Hotp.format(Hotp.generate(seed, step, 8, alg), 8)).isEqualTo(code);
        assertThat(verifier.currentStep()).isEqualTo(step);
        assertThat(verifier.codeAt(seed, step)).isEqualTo(code);
        assertThat(verifier.verify(seed, code)).hasValue(step);
    }

    private static byte[] seedFor(TotpAlgorithm alg) {
        String seed = switch (alg) {
            case SHA1 -> SEED_SHA1;
            case SHA256 -> SEED_SHA256;
            case SHA512 -> SEED_SHA512;
        };
        return seed.getBytes(StandardCharsets.US_ASCII);
    }
}
