/**
 * The factorgate command line (picocli): serve, migrate, check-config, keys, demo-upstream, and the
 * admin commands (admin-token, accounts import, campaign …), which use the same services as the
 * admin API against the database {@code migrate} would use.
 */
package dev.factorgate.cli;
