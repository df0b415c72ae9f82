package dev.factorgate.account;

import dev.factorgate.policy.AccountState;
import dev.factorgate.policy.CampaignMembership;
import dev.factorgate.policy.LoginPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** An account as the login decision needs it, read in one round trip. */
public record AccountSnapshot(
    long id,
    String userId,
    LoginPolicy policy,
    String phone,
    String email,
    Instant phoneVerifiedAt,
    Instant phoneRecycledAt,
    boolean phoneVirtual,
    boolean frozen,
    boolean locked,
    Set<String> activeFactorKinds,
    int recoveryCodesLeft,
    List<CampaignMembership> campaigns) {

  /** A strong factor: an active authenticator, or an active email factor when email is a factor. */
  public boolean hasStrongFactor(boolean emailIsFactor) {
    return activeFactorKinds.contains("totp") || (emailIsFactor && activeFactorKinds.contains("email"));
  }

  public AccountState state(boolean emailIsFactor) {
    return new AccountState(policy, hasStrongFactor(emailIsFactor), locked, frozen, phoneVerifiedAt, phoneRecycledAt, phoneVirtual);
  }

  /** The methods a held login can be completed with, in the order pages show them. */
  public List<String> challengeMethods(boolean emailIsFactor) {
    if (locked) {
      return recoveryCodesLeft > 0 ? List.of("recovery") : List.of(); // only a recovery code opens a lock
    }
    List<String> m = new java.util.ArrayList<>();
    if (activeFactorKinds.contains("totp")) {
      m.add("totp");
    }
    if (activeFactorKinds.contains("email")) {
      m.add("email"); // with email.role recovery_only it still recovers a login, it just never counts as strong
    }
    if (recoveryCodesLeft > 0) {
      m.add("recovery");
    }
    return List.copyOf(m);
  }
}
