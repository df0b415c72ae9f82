package dev.factorgate.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * The parts of an account that the decision table reads.
 *
 * @param policy          the account's login policy
 * @param hasStrongFactor whether the account has an ACTIVE strong factor: TOTP, or
 *                        email when the operator has set the email role to
 *                        {@code factor}. The caller works this out so that the table
 *                        does not depend on operator configuration.
 * @param locked          locked after too many failed second-factor attempts
 * @param frozen          frozen for admin review after a "this wasn't me" report
 * @param phoneVerifiedAt when the account last verified its phone number; null if never
 * @param phoneRecycledAt the disconnection date from the recycled-number record for
 *                        this phone; null if the number is not known to be recycled
 * @param phoneVirtual    whether the number is a virtual (VoIP) number
 */
public record AccountState(LoginPolicy policy, boolean hasStrongFactor, boolean locked, boolean frozen,
                           Instant phoneVerifiedAt, Instant phoneRecycledAt, boolean phoneVirtual) {

    /** Rejects a null policy: a missing policy must not be read as either value. */
    public AccountState {
        Objects.requireNonNull(policy, "policy");
    }

    /**
     * Whether the number was disconnected and reassigned after this account last
     * verified it. If so, SMS codes may now reach a stranger. If the account
     * verified the number again after the disconnection date, the number is this
     * account's again and is not treated as recycled. A verification at exactly the
     * disconnection instant is not "before" it, so it also counts as a re-verification.
     */
    public boolean phoneRecycledSinceVerified() {
        return phoneRecycledAt != null
                && (phoneVerifiedAt == null || phoneVerifiedAt.isBefore(phoneRecycledAt));
    }
}
