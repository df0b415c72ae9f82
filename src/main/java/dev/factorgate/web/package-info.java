/** The HTTP edge: the public and admin listeners, problem+json and error pages, security headers, client addresses behind trusted proxies. */
package dev.factorgate.web;
