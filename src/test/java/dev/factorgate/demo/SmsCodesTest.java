package dev.factorgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Code rules: six digits, five minutes, single use, five guesses, newest code wins. */
class SmsCodesTest {

  private static final String PHONE = "+8613800138000";

  /** A clock the test moves by hand, so expiry needs no sleeping. */
  private static final class StepClock extends Clock {
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final StepClock clock = new StepClock();
  private final SmsCodes codes = new SmsCodes(clock);

  @Test
  void codesAreSixDigitsAndVary() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      String code = codes.issue(PHONE);
      assertThat(code).matches("\\d{6}");
      seen.add(code);
    }
    assertThat(seen.size()).isGreaterThan(40);
  }

  @Test
  void aCodeIsSingleUse() {
    String code = codes.issue(PHONE);

    assertThat(codes.verify(PHONE, code)).isTrue();
    assertThat(codes.verify(PHONE, code)).isFalse();
    assertThat(codes.hasActiveCode(PHONE)).isFalse();
  }

  @Test
  void aCodeExpiresAfterFiveMinutes() {
    String code = codes.issue(PHONE);
    clock.advance(SmsCodes.TTL.minusSeconds(1));
    assertThat(codes.hasActiveCode(PHONE)).isTrue();

    clock.advance(Duration.ofSeconds(1));

    assertThat(codes.verify(PHONE, code)).isFalse();
  }

  @Test
  void fiveWrongGuessesBurnTheCode() {
    String code = codes.issue(PHONE);
    String wrong = code.equals("999999") ? "000000" : "999999";
    for (int i = 0; i < SmsCodes.MAX_ATTEMPTS - 1; i++) {
      assertThat(codes.verify(PHONE, wrong)).isFalse();
    }
    assertThat(codes.hasActiveCode(PHONE)).isTrue();

    assertThat(codes.verify(PHONE, wrong)).isFalse();

    assertThat(codes.hasActiveCode(PHONE)).isFalse();
    assertThat(codes.verify(PHONE, code)).isFalse();
  }

  @Test
  void theFifthGuessMayStillBeRight() {
    String code = codes.issue(PHONE);
    String wrong = code.equals("999999") ? "000000" : "999999";
    for (int i = 0; i < SmsCodes.MAX_ATTEMPTS - 1; i++) {
      codes.verify(PHONE, wrong);
    }

    assertThat(codes.verify(PHONE, code)).isTrue();
  }

  @Test
  void aNewCodeReplacesTheOldOne() {
    String first = codes.issue(PHONE);
    String second = codes.issue(PHONE);
    if (first.equals(second)) {
      second = codes.issue(PHONE); // one in a million; try once more
    }

    assertThat(codes.verify(PHONE, first)).isEqualTo(first.equals(second));
    assertThat(codes.verify(PHONE, second)).isEqualTo(!first.equals(second));
  }

  @Test
  void missingInputsNeverMatch() {
    codes.issue(PHONE);

    assertThat(codes.verify(PHONE, null)).isFalse();
    assertThat(codes.verify(null, "123456")).isFalse();
    assertThat(codes.verify("+8613900139000", "123456")).isFalse();
  }
}
