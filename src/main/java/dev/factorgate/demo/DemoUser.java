package dev.factorgate.demo;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * One account of the demo site, as the site shows it to the user and to API clients.
 *
 * <p>Deliberately carries no password: the password digests stay inside {@link DemoUsers}, so
 * turning a user into JSON or HTML can never leak one.
 *
 * @param id    stable id such as {@code u1001}; this is what {@code X-Authenticated-User} carries
 * @param name  display name
 * @param phone E.164 phone number
 * @param email email address, or {@code null} when the user has none
 */
record DemoUser(String id, String name, String phone, String email) {

  DemoUser {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(phone, "phone");
  }

  /**
   * The user with another phone number, for the "change my phone" demo.
   *
   * @param newPhone E.164 number
   * @return a copy with the phone replaced
   */
  DemoUser withPhone(String newPhone) {
    return new DemoUser(id, name, newPhone, email);
  }

  /**
   * The JSON shape used by {@code /api/me} and JSON logins. {@code email} is present as
   * {@code null} rather than missing, so clients can rely on the key being there.
   *
   * @return {@code {"id","name","phone","email"}}
   */
  JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("phone", phone)
        .put("email", email);
  }
}
