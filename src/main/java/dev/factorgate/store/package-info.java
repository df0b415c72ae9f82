/** Storage: PostgreSQL (embedded or external), Flyway migrations, readiness, the master keys and SecretBox, the AES-256-GCM sealing of secrets at rest. */
package dev.factorgate.store;
