/**
 * Campaigns (SPEC section 6): admins select SMS-only accounts by filters, materialise them as
 * members with one set-based statement, and follow them through {@code targeted → notified →
 * snoozed → enrolled}. The login path reads memberships through {@code AccountStore}; here are
 * creation, the state machine, statistics, and the notice worker.
 */
package dev.factorgate.campaign;
