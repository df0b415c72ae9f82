package dev.factorgate.policy;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The login decision table: one pure function from account state, login method,
 * campaign memberships and the current instant to a {@link Decision}.
 *
 * <p>The rows are checked in order, and the first match wins. The order is part of
 * the contract: a frozen or locked account is refused even if it also has factors or
 * campaigns, and a recycled-number refusal comes before any challenge. See
 * {@link #decide} for each row.
 */
public final class LoginDecision {

    /**
     * Orders live memberships for the nudge of rule 5: fewest snoozes left first.
     * Unlimited counts as the most, because a limited campaign is closer to becoming
     * a requirement and its count is more useful to show. Ties go to the lowest
     * campaign id, so that the result does not depend on the order of the list.
     */
    private static final Comparator<CampaignMembership> MOST_URGENT_NUDGE =
            Comparator.comparingLong((CampaignMembership m) ->
                            m.snoozesLeft() == Decision.UNLIMITED_SNOOZES ? Long.MAX_VALUE : m.snoozesLeft())
                    .thenComparingLong(CampaignMembership::campaignId);

    private LoginDecision() {
    }

    /**
     * Decides what to do with a login that the upstream accepted.
     *
     * <ol start="0">
     *   <li>Frozen for admin review &rarr; {@link Outcome#REFUSE_FROZEN}.</li>
     *   <li>Locked after too many failed second-factor attempts &rarr; {@link Outcome#REFUSE_LOCKED}.</li>
     *   <li>{@code method} is SMS, the phone was recycled after the account last verified
     *       it, and the account has no strong factor &rarr; {@link Outcome#REFUSE_RECYCLED}.
     *       The SMS code may have reached the number's new owner, and there is no other
     *       factor to prove who this is. Password logins skip this row.</li>
     *   <li>Policy {@link LoginPolicy#SECOND_FACTOR_REQUIRED}, or an SMS login on a recycled
     *       (as in row 2) or virtual number by an account with a strong factor
     *       &rarr; {@link Outcome#CHALLENGE}. This includes a second-factor-required
     *       account with <em>no</em> active strong factor, for example after an admin
     *       revoked them all. Such a login is still challenged and never silently
     *       released: the challenge page offers recovery codes or email.</li>
     *   <li>Policy {@link LoginPolicy#SMS_ONLY} and a live membership that demands
     *       enrolment (a REQUIRE campaign at or past its deadline, or any campaign out of
     *       snoozes) &rarr; {@link Outcome#REQUIRE_ENROLMENT}. Requirement beats nudge.
     *       If several memberships demand enrolment, the lowest campaign id is returned.</li>
     *   <li>Policy {@link LoginPolicy#SMS_ONLY} and any other live membership
     *       &rarr; {@link Outcome#NUDGE}, for the campaign with the fewest snoozes left
     *       (unlimited counts as the most; ties go to the lowest campaign id).</li>
     *   <li>Otherwise &rarr; {@link Outcome#RELEASE}.</li>
     * </ol>
     *
     * <p>A membership is live only if its campaign is {@link CampaignStatus#ACTIVE} and the
     * account is neither {@link MemberState#ENROLLED} nor {@link MemberState#EXEMPT} in it.
     *
     * @param account   the account's state
     * @param method    how the user logged in upstream
     * @param campaigns the account's campaign memberships, in any order; may be empty
     * @param now       the current instant, from the caller's injected clock
     * @return the decision, naming the row that made it
     * @throws NullPointerException if any argument or membership is null
     */
    public static Decision decide(AccountState account, LoginMethod method,
                                  List<CampaignMembership> campaigns, Instant now) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(now, "now");
        // List.copyOf rejects null elements, so a bad list fails here and not halfway through.
        List<CampaignMembership> memberships = List.copyOf(Objects.requireNonNull(campaigns, "campaigns"));

        // 0: an admin must review the report first. Nothing else about the account can be trusted.
        if (account.frozen()) {
            return new Decision(Outcome.REFUSE_FROZEN, 0, null, 0);
        }
        // 1: someone may be guessing codes. Refuse before anything offers another way in.
        if (account.locked()) {
            return new Decision(Outcome.REFUSE_LOCKED, 1, null, 0);
        }

        boolean sms = method == LoginMethod.SMS;
        boolean recycled = account.phoneRecycledSinceVerified();

        // 2: the SMS code proves only that someone holds the number, and the number has
        // changed hands. With no other factor there is nothing to challenge with.
        if (sms && recycled && !account.hasStrongFactor()) {
            return new Decision(Outcome.REFUSE_RECYCLED, 2, null, 0);
        }
        // 3: deliberately does not check hasStrongFactor for SECOND_FACTOR_REQUIRED (see Javadoc).
        if (account.policy() == LoginPolicy.SECOND_FACTOR_REQUIRED
                || (sms && (recycled || account.phoneVirtual()) && account.hasStrongFactor())) {
            return new Decision(Outcome.CHALLENGE, 3, null, 0);
        }

        // Campaigns only target accounts that are still SMS-only. Once the policy changes,
        // memberships left over from before must not hold the login.
        if (account.policy() != LoginPolicy.SMS_ONLY) {
            return release();
        }
        List<CampaignMembership> live = memberships.stream().filter(CampaignMembership::isLive).toList();

        // 4
        Optional<CampaignMembership> requiring = live.stream()
                .filter(m -> m.requiresEnrolmentAt(now))
                .min(Comparator.comparingLong(CampaignMembership::campaignId));
        if (requiring.isPresent()) {
            return new Decision(Outcome.REQUIRE_ENROLMENT, 4, requiring.get().campaignId(), 0);
        }
        // 5: every live membership left is a nudge (or a REQUIRE still before its deadline).
        Optional<CampaignMembership> nudging = live.stream().min(MOST_URGENT_NUDGE);
        if (nudging.isPresent()) {
            CampaignMembership m = nudging.get();
            return new Decision(Outcome.NUDGE, 5, m.campaignId(), m.snoozesLeft());
        }
        // 6
        return release();
    }

    private static Decision release() {
        return new Decision(Outcome.RELEASE, 6, null, 0);
    }
}
