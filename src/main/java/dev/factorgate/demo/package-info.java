/**
 * A small, clearly labelled <em>demo upstream</em>: an example of an existing website that
 * factorgate can be put in front of. It is <strong>not part of factorgate</strong>; the gateway's
 * quickstart and tests use it as the "site we protect".
 *
 * <p>The site has the login that many real sites have and that factorgate is built to improve:
 * "phone + SMS code" (login-or-register by SMS) plus a classic password form, cookie sessions,
 * bearer tokens for API clients, and a JSON {@code /api/me}. Instead of sending real SMS it
 * appends each code to {@code <outboxDir>/sms.log}, so a person or a test can read it.
 *
 * <p>State (users, codes, sessions) lives in memory and is lost on restart, which is what a demo
 * wants: every run starts from the same three seeded users. Deploy a single instance of
 * {@link dev.factorgate.demo.DemoUpstream}; each instance has its own state.
 */
package dev.factorgate.demo;
