package dev.factorgate.policy;

/** Lifecycle of a campaign. Only {@link #ACTIVE} campaigns affect logins. */
public enum CampaignStatus {
    /** Running: its members are nudged or required to enrol. */
    ACTIVE,
    /** Temporarily stopped by the operator. It has no effect on logins. */
    PAUSED,
    /** Stopped for good. It has no effect on logins. */
    CANCELLED
}
