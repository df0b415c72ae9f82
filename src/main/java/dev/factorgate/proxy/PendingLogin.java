package dev.factorgate.proxy;

import java.time.Instant;
import java.util.UUID;

/**
 * A held login: whose, how they logged in, what the decision asks of them, and the sealed upstream
 * response. The token that names it is only ever stored hashed.
 */
public record PendingLogin(
    UUID id,
    long accountId,
    String userId,
    String route,
    String loginMethod,
    String outcome,
    Long campaignId,
    int snoozesLeft,
    byte[] sealedResponse,
    String destination,
    boolean api,
    Instant createdAt,
    Instant expiresAt) {

  public static final String CHALLENGE = "challenge";
  public static final String REQUIRE_ENROLMENT = "require_enrolment";
  public static final String NUDGE = "nudge";
}
