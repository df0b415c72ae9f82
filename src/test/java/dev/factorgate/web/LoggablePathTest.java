package dev.factorgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoggablePathTest {

  @Test
  void tokenLikeSegmentsNeverReachALogLine() {
    String token = "Xq3kV9u2T8bLmN4pR7sW1yZ0aC5dE6fG_h-JkLmNoPq";
    assertThat(ErrorResponses.loggable("/_factorgate/enrolment-link/" + token)).isEqualTo("/_factorgate/enrolment-link/…");
    assertThat(ErrorResponses.loggable("/_factorgate/report/" + token)).isEqualTo("/_factorgate/report/…");
    assertThat(ErrorResponses.loggable("/reset-password/" + token + "/confirm")).isEqualTo("/reset-password/…/confirm");
    assertThat(ErrorResponses.loggable("/_factorgate/api/challenge")).isEqualTo("/_factorgate/api/challenge");
    assertThat(ErrorResponses.loggable("/login/sms")).isEqualTo("/login/sms");
  }
}
