package dev.factorgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

/** A transaction PostgreSQL gives up for contention is a 503 to retry, not a 500. */
class ContentionTest {

  private static PgException pg(String state) {
    return new PgException("message", "ERROR", state, null);
  }

  @Test
  void deadlocksSerializationFailuresAndLockTimeoutsAreContention() {
    assertThat(ErrorResponses.isContended(pg("40P01"))).isTrue();
    assertThat(ErrorResponses.isContended(pg("40001"))).isTrue();
    assertThat(ErrorResponses.isContended(pg("55P03"))).isTrue();
  }

  @Test
  void otherDatabaseErrorsAreNot() {
    assertThat(ErrorResponses.isContended(pg("23505"))).isFalse();
    assertThat(ErrorResponses.isContended(pg("22021"))).isFalse();
    assertThat(ErrorResponses.isContended(new IllegalStateException("x"))).isFalse();
    assertThat(ErrorResponses.isContended(null)).isFalse();
  }
}
