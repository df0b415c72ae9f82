/**
 * TOTP second factor primitives: code generation (RFC 4226 / RFC 6238), constant-time
 * verification over a clock-skew window, secret generation and base32 encoding, the
 * {@code otpauth://} enrolment URI and its QR code.
 *
 * <p>This package owns the cryptographic and encoding details only. It does not store
 * secrets, track which time step a user last used, or rate-limit attempts: replay
 * protection lives with persistence (a conditional SQL update on the step returned by
 * {@link dev.factorgate.factor.totp.TotpVerifier#verify}), and throttling lives with the
 * login flow.
 *
 * <p>Base32 is implemented here in {@link dev.factorgate.factor.totp.TotpSecret} rather than
 * borrowed from vertx-auth-otp: that library's codec sits in
 * {@code io.vertx.ext.auth.impl.Codec}, an {@code impl} package of vertx-auth-common with no
 * compatibility promise, and its padding and input-leniency rules are undocumented. The
 * encoder is small enough that owning it is cheaper than tracking someone else's internals.
 * vertx-auth-otp is still used by the tests as an independent reference implementation.
 */
package dev.factorgate.factor.totp;
