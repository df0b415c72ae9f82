/** factorgate: a gateway in front of an existing login that moves users off SMS-only login. {@link dev.factorgate.Gateway} is one running instance. */
package dev.factorgate;
