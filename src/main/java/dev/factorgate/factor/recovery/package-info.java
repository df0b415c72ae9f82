/** Recovery codes: generation, normalisation, HMAC storage and single use. */
package dev.factorgate.factor.recovery;
