package dev.factorgate.demo;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side sessions of the demo site: an opaque random token mapped to a user id.
 *
 * <p>The same token works as the {@code demo_session} cookie (browsers) and as an
 * {@code Authorization: Bearer} token (API clients), like many sites that grew an app later.
 * Sessions live until logout or restart; a demo does not need idle expiry.
 */
final class DemoSessions {

  /** Name of the session cookie; the gateway config refers to it. */
  static final String COOKIE = "demo_session";

  /** 32 random bytes: far beyond guessing range, and 43 URL-safe characters once encoded. */
  private static final int TOKEN_BYTES = 32;

  private final Map<String, String> userIdByToken = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();

  /**
   * Starts a session.
   *
   * @param userId the signed-in user
   * @return the new token (base64url, no padding, so it is a valid cookie value as is)
   */
  String create(String userId) {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    String token = encoder.encodeToString(bytes);
    userIdByToken.put(token, userId);
    return token;
  }

  /**
   * @param token a cookie or bearer value, may be {@code null}
   * @return the user id of a live session
   */
  Optional<String> userId(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(userIdByToken.get(token));
  }

  /**
   * Ends a session; unknown tokens are ignored so logout is idempotent.
   *
   * @param token the token to forget, may be {@code null}
   */
  void remove(String token) {
    if (token != null) {
      userIdByToken.remove(token);
    }
  }

  /**
   * @return number of live sessions (for tests and diagnostics)
   */
  int size() {
    return userIdByToken.size();
  }
}
