package dev.factorgate.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo site's user table, in memory.
 *
 * <p>Reads go straight to {@link ConcurrentHashMap}s. The few writes (register by SMS, change
 * phone) are {@code synchronized} because they must keep two maps (by id, by phone) consistent:
 * two concurrent SMS logins for one new number must yield one account, not two.
 *
 * <p>Passwords are kept as SHA-256 digests and compared with {@link MessageDigest#isEqual}, so
 * the comparison time does not depend on how many leading characters were right. A real site
 * would use a slow, salted KDF; this demo only has to avoid the obvious timing leak.
 */
final class DemoUsers {

  /** First id handed out to users created by "login or register by SMS". */
  static final int FIRST_REGISTERED_SEQUENCE = 2000;

  /** Display name for SMS-registered users, who never told us their name. */
  static final String NEW_USER_NAME = "New user";

  private final Map<String, DemoUser> byId = new ConcurrentHashMap<>();
  private final Map<String, String> idByPhone = new ConcurrentHashMap<>();
  private final Map<String, byte[]> passwordDigests = new ConcurrentHashMap<>();
  private final AtomicInteger sequence = new AtomicInteger(FIRST_REGISTERED_SEQUENCE);
  private final PhoneNumbers phones;

  /**
   * An empty store. Use {@link #seeded(PhoneNumbers)} for the documented demo accounts.
   *
   * @param phones used to recognise a phone number typed as a password-login username
   */
  DemoUsers(PhoneNumbers phones) {
    this.phones = phones;
  }

  /**
   * The store with the three documented demo accounts (Alice, Bob, Carol). The quickstart and
   * the gateway's tests depend on these exact ids, phones and passwords.
   *
   * @param phones phone parser
   * @return a fresh store
   */
  static DemoUsers seeded(PhoneNumbers phones) {
    DemoUsers users = new DemoUsers(phones);
    users.add(new DemoUser("u1001", "Alice", "+8613800138000", "alice@example.com"),
        "alice-demo-pass");
    users.add(new DemoUser("u1002", "Bob", "+8613900139000", null), "bob-demo-pass");
    users.add(new DemoUser("u1003", "Carol", "+14155550123", "carol@example.com"),
        "carol-demo-pass");
    return users;
  }

  /**
   * Adds a user.
   *
   * @param user     the account; its phone must not be taken
   * @param password its password, or {@code null} for an SMS-only account
   */
  synchronized void add(DemoUser user, String password) {
    if (byId.containsKey(user.id()) || idByPhone.containsKey(user.phone())) {
      throw new IllegalArgumentException("duplicate user id or phone: " + user.id());
    }
    byId.put(user.id(), user);
    idByPhone.put(user.phone(), user.id());
    if (password != null) {
      passwordDigests.put(user.id(), digest(password));
    }
  }

  /**
   * @param id user id
   * @return the user, if any
   */
  Optional<DemoUser> byId(String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
  }

  /**
   * @param e164 normalised phone
   * @return the user owning that phone, if any
   */
  Optional<DemoUser> byPhone(String e164) {
    return e164 == null ? Optional.empty() : byId(idByPhone.get(e164));
  }

  /**
   * The "login or register by SMS" step: the owner of the phone, or a new account for it.
   *
   * @param e164 a phone number whose SMS code was just verified
   * @return the existing or newly created user
   */
  synchronized DemoUser loginOrRegisterByPhone(String e164) {
    Optional<DemoUser> existing = byPhone(e164);
    if (existing.isPresent()) {
      return existing.get();
    }
    DemoUser created =
        new DemoUser("u" + sequence.getAndIncrement(), NEW_USER_NAME, e164, null);
    add(created, null);
    return created;
  }

  /**
   * Checks a password login. {@code username} may be the user id, the email (any case) or the
   * phone in any spelling the phone field accepts.
   *
   * @param username what was typed as username
   * @param password what was typed as password
   * @return the user if the password matches
   */
  Optional<DemoUser> checkPassword(String username, String password) {
    Optional<DemoUser> user = byLogin(username);
    byte[] expected = user.map(u -> passwordDigests.get(u.id())).orElse(null);
    // Hash and compare even when there is no such user or no password, so "unknown user" and
    // "wrong password" take about the same time.
    byte[] candidate = digest(password == null ? "" : password);
    boolean match = MessageDigest.isEqual(expected == null ? new byte[candidate.length] : expected,
        candidate);
    return match && expected != null ? user : Optional.empty();
  }

  /**
   * Moves a user to another phone number.
   *
   * @param id       the user
   * @param newPhone E.164 number
   * @return the updated user; empty if the user is unknown or another user owns the number
   */
  synchronized Optional<DemoUser> changePhone(String id, String newPhone) {
    DemoUser user = byId.get(id);
    if (user == null) {
      return Optional.empty();
    }
    String owner = idByPhone.get(newPhone);
    if (owner != null && !owner.equals(id)) {
      return Optional.empty();
    }
    DemoUser updated = user.withPhone(newPhone);
    idByPhone.remove(user.phone());
    idByPhone.put(newPhone, id);
    byId.put(id, updated);
    return Optional.of(updated);
  }

  private Optional<DemoUser> byLogin(String username) {
    if (username == null || username.isBlank()) {
      return Optional.empty();
    }
    String name = username.strip();
    Optional<DemoUser> user = byId(name);
    if (user.isPresent()) {
      return user;
    }
    if (name.contains("@")) {
      String email = name.toLowerCase(Locale.ROOT);
      return byId.values().stream()
          .filter(u -> u.email() != null && u.email().toLowerCase(Locale.ROOT).equals(email))
          .findFirst();
    }
    return phones.toE164(name).flatMap(this::byPhone);
  }

  private static byte[] digest(String password) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      // Every Java runtime must provide SHA-256.
      throw new IllegalStateException(e);
    }
  }
}
