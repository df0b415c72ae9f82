package dev.factorgate.policy;

/** What an enrolment campaign does to the SMS-only accounts in it. */
public enum CampaignMode {
    /** Suggest enrolment. The user can snooze, up to the campaign's snooze limit. */
    NUDGE,
    /** Require enrolment once the deadline has passed, and nudge before it. */
    REQUIRE
}
