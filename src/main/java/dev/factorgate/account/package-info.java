/**
 * Accounts: the login upsert and snapshot the decision reads ({@link
 * dev.factorgate.account.AccountStore}), phone numbers, and the admin side — the streamed COPY
 * import ({@link dev.factorgate.account.AccountImport}), segments, lookup, reset and unlock ({@link
 * dev.factorgate.account.AccountAdmin}).
 */
package dev.factorgate.account;
