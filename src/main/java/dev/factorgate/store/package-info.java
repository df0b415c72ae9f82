/**
 * Storage: PostgreSQL (embedded or external), Flyway migrations, readiness, the master keys and
 * SecretBox, the AES-256-GCM sealing of secrets at rest, the list of sealed columns and their
 * re-encryption under the current key (key rotation).
 */
package dev.factorgate.store;
