/** Security notices for account changes, and the "this wasn't me" report that revokes and freezes. */
package dev.factorgate.notify;
