/** Enrolment guards: refusals on recycled and virtual numbers, one-time enrolment links, the email-on-file rule. */
package dev.factorgate.enrolment;
