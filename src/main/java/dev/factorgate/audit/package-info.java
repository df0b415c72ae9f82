/**
 * The append-only audit log: {@link dev.factorgate.audit.AuditLog} writes an entry for every
 * decision and every state change, {@link dev.factorgate.audit.AuditTrail} reads them back for the
 * admin API and the dashboard. Entries never hold a code, secret, token or cookie.
 */
package dev.factorgate.audit;
