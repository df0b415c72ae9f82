package dev.factorgate.policy;

/** Where an account is within one campaign. */
public enum MemberState {
    /** Selected for the campaign, but not told yet. */
    TARGETED,
    /** Told about the campaign. */
    NOTIFIED,
    /** Has snoozed at least once. */
    SNOOZED,
    /** Has enrolled a factor. The campaign is finished for this account. */
    ENROLLED,
    /** Exempted by an operator. The campaign never applies to this account. */
    EXEMPT
}
