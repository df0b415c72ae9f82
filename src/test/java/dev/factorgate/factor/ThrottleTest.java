package dev.factorgate.factor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.config.GatewayConfig.Lockout;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ThrottleTest {

  private final Throttle t = new Throttle(new Lockout(5, Duration.ofSeconds(30), Duration.ofHours(1), 20, 60));
  private final Instant now = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void noDelayBeforeTheFifthFailure() {
    for (int n = 0; n < 5; n++) {
      assertThat(t.delayAfter(n)).as("after %d", n).isZero();
    }
  }

  @Test
  void theDelayDoublesFrom30SecondsUpToOneHour() {
    assertThat(t.delayAfter(5)).isEqualTo(Duration.ofSeconds(30));
    assertThat(t.delayAfter(6)).isEqualTo(Duration.ofSeconds(60));
    assertThat(t.delayAfter(7)).isEqualTo(Duration.ofSeconds(120));
    assertThat(t.delayAfter(11)).isEqualTo(Duration.ofSeconds(1920));
    assertThat(t.delayAfter(12)).isEqualTo(Duration.ofHours(1));
    assertThat(t.delayAfter(19)).isEqualTo(Duration.ofHours(1));
    assertThat(t.delayAfter(1000)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void locksAtTheTwentiethFailure() {
    assertThat(t.locks(19)).isFalse();
    assertThat(t.locks(20)).isTrue();
  }

  @Test
  void aDelayedAttemptIsToldHowLongToWait() {
    Throttle.Verdict v = t.check(6, now.plusSeconds(42), null, now, false);
    assertThat(v.allowed()).isFalse();
    assertThat(v.retryAfterSeconds()).isEqualTo(42);
    assertThat(t.check(6, now.minusSeconds(1), null, now, false).allowed()).isTrue();
    assertThat(t.check(6, now.plusMillis(1), null, now, false).retryAfterSeconds()).isEqualTo(1);
  }

  @Test
  void aLockedAccountAcceptsOnlyARecoveryCode() {
    assertThat(t.check(20, null, now, now, false).locked()).isTrue();
    assertThat(t.check(20, null, now, now, true).allowed()).isTrue();
  }
}
