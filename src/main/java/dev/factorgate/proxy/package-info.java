/** The reverse proxy to the upstream: passthrough without database work, cleaning of forgeable headers, login-route matching on canonical paths, upstream failure answers. */
package dev.factorgate.proxy;
