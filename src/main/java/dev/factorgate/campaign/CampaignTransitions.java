package dev.factorgate.campaign;

import dev.factorgate.web.HttpProblem;

/**
 * The campaign state machine: {@code active ⇄ paused}, either {@code → cancelled}, and cancelled is
 * final. Asking for the state a campaign is already in changes nothing and is not an error, so a
 * retried call is harmless.
 */
final class CampaignTransitions {

  private CampaignTransitions() {}

  /** The status after {@code action} ({@code pause|resume|cancel}) from {@code current}, or a 409. */
  static String next(String current, String action) {
    String target = switch (action) {
      case "pause" -> "paused";
      case "resume" -> "active";
      case "cancel" -> "cancelled";
      default -> throw new IllegalArgumentException(action);
    };
    if (current.equals("cancelled") && !target.equals("cancelled")) {
      throw HttpProblem.conflict("campaign-cancelled", "This campaign was cancelled; a cancelled campaign cannot be " + action + "d.");
    }
    return target;
  }
}
