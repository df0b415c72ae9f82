/**
 * Housekeeping: deletes rows that have expired and been kept a while longer — held logins with their
 * sealed upstream responses, gateway sessions, email codes, unconfirmed authenticators, per-IP
 * windows, used or expired one-time links — in small batches, by one instance at a time. What is
 * deleted, and after how long, is listed in {@link dev.factorgate.housekeeping.Purge}.
 */
package dev.factorgate.housekeeping;
