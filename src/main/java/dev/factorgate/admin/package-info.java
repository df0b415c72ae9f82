/**
 * The admin side, served on the admin listener: bearer-token authentication, the JSON admin API
 * (accounts, campaigns, audit), the dashboard and its login form. Routes here parse and answer
 * HTTP only; the work is done by the services of {@code account}, {@code campaign} and {@code
 * audit}.
 */
package dev.factorgate.admin;
