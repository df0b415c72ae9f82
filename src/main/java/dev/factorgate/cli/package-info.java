/** The factorgate command line (picocli): serve, migrate, check-config, keys, demo-upstream. */
package dev.factorgate.cli;
