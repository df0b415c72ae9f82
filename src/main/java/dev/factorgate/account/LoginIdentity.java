package dev.factorgate.account;

/** Who logged in, as the upstream told us: user id, and phone (E.164) and email when known. */
public record LoginIdentity(String userId, String phone, String email) {}
