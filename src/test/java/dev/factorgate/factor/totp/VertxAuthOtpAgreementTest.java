package dev.factorgate.factor.totp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.otp.Authenticator;
import io.vertx.ext.auth.otp.OtpCredentials;
import io.vertx.ext.auth.otp.OtpKey;
import io.vertx.ext.auth.otp.OtpKeyGenerator;
import io.vertx.ext.auth.otp.impl.org.openauthentication.otp.OneTimePasswordAlgorithm;
import io.vertx.ext.auth.otp.totp.TotpAuth;
import io.vertx.ext.auth.otp.totp.TotpAuthOptions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks SHA1 6-digit codes against vertx-auth-otp 5.0.10, an independent
 * implementation (its core is the RFC 4226 reference code).
 */
class VertxAuthOtpAgreementTest {

    private static final long[] TIMES = {59L, 1_111_111_109L, 1_700_000_000L, 1_767_225_599L, 4_102_444_800L};

    @Test
    void agreesWithVertxReferenceGeneratorForSeveralKeysAndTimes() throws Exception {
        OtpKeyGenerator generator = OtpKeyGenerator.create();
        for (int k = 0; k < 5; k++) {
            OtpKey key = generator.generate();
            byte[] ours = TotpSecret.fromBase32(key.getKey());
            assertThat(ours).as("base32 decoding of %s", key.getKey()).isEqualTo(key.getKeyBytes());

            for (long time : TIMES) {
                TotpVerifier verifier = verifierAt(Clock.fixed(Instant.ofEpochSecond(time), ZoneOffset.UTC));
                long step = verifier.currentStep();
                String theirs = OneTimePasswordAlgorithm.generateOTP(key.getKeyBytes(), step, 6, false, -1);

                assertThat(verifier.codeAt(ours, step)).as("key %d at %d", k, time).isEqualTo(theirs);
            }
        }
    }

    @Test
    void vertxTotpAuthAcceptsOurCurrentCodeForOurSecrets() throws Exception {
        SecureRandom random = new SecureRandom();
        TotpVerifier verifier = verifierAt(Clock.systemUTC());
        for (int k = 0; k < 3; k++) {
            byte[] secret = TotpSecret.generate(random);
            Authenticator stored = new Authenticator()
                    .setIdentifier("alice")
                    .setKey(TotpSecret.base32(secret))
                    .setAlgorithm("SHA1")
                    .setPeriod(30)
                    .setAuthAttempts(0);
            TotpAuth auth = TotpAuth.create(new TotpAuthOptions())
                    .authenticatorFetcher(id -> Future.succeededFuture(stored))
                    .authenticatorUpdater(a -> Future.succeededFuture());

            assertThat(authenticatesWithinOneStep(auth, verifier, secret, 0)).isTrue();
            // Control: the harness must be able to fail, so an off-by-one code is refused.
            assertThat(authenticatesWithinOneStep(auth, verifier, secret, 1)).isFalse();
        }
    }

    /** vertx checks only the current step, so retry if the step rolled over mid-check. */
    private static boolean authenticatesWithinOneStep(
            TotpAuth auth, TotpVerifier verifier, byte[] secret, int offset) throws Exception {
        for (int attempt = 0; attempt < 3; attempt++) {
            long before = verifier.currentStep();
            String correct = verifier.codeAt(secret, before);
            String code = Hotp.format((Integer.parseInt(correct) + offset) % 1_000_000, 6);
            boolean accepted;
            try {
                User user = auth.authenticate(new OtpCredentials("alice", code))
                        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                accepted = user != null;
            } catch (ExecutionException e) {
                accepted = false;
            }
            if (verifier.currentStep() == before) {
                return accepted;
            }
        }
        return false;
    }

    private static TotpVerifier verifierAt(Clock clock) {
        return new TotpVerifier(clock, TotpParameters.DEFAULTS);
    }
}
