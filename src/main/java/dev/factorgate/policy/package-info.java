/**
 * The login decision table: what the gateway does with an upstream login that
 * succeeded, given the account's second-factor state and its enrolment campaigns.
 *
 * <p>Everything here is pure, with no I/O and no clock reads. Callers collect the
 * account state and campaign memberships from storage, read "now" from an
 * injected {@link java.time.Clock}, and pass them to
 * {@link dev.factorgate.policy.LoginDecision#decide}. Keeping it that way means
 * the table can be tested row by row, and reasoned about in an incident, without
 * a database or a running gateway.
 *
 * <p>The rows are evaluated in order, and the first matching row decides:
 * <ol start="0">
 *   <li>frozen for admin review &rarr; {@code REFUSE_FROZEN}</li>
 *   <li>locked after failed second-factor attempts &rarr; {@code REFUSE_LOCKED}</li>
 *   <li>SMS login to a number recycled since the account verified it, and no strong
 *       factor &rarr; {@code REFUSE_RECYCLED}</li>
 *   <li>policy {@code SECOND_FACTOR_REQUIRED}, or an SMS login on a recycled or virtual
 *       number by an account that has a strong factor &rarr; {@code CHALLENGE}</li>
 *   <li>SMS-only account in a campaign past its deadline, or out of snoozes
 *       &rarr; {@code REQUIRE_ENROLMENT}</li>
 *   <li>SMS-only account in any other live campaign &rarr; {@code NUDGE}</li>
 *   <li>otherwise &rarr; {@code RELEASE}</li>
 * </ol>
 */
package dev.factorgate.policy;
