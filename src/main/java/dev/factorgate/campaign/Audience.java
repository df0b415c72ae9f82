package dev.factorgate.campaign;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Who a campaign targets, beyond the rule that applies to every campaign (SMS-only accounts with
 * no active strong factor). Null means "no filter"; an empty {@code userIds} list selects nobody,
 * so that a script whose own query found no one does not target everyone.
 *
 * @param phonePrefixes E.164 prefixes ({@code +86170}); empty for any number
 * @param virtual only (true) or never (false) numbers in a virtual-number range
 * @param recycled only (true) or never (false) accounts whose number is marked recycled
 * @param lastLoginAfter last login at or after this instant
 * @param lastLoginBefore last login before this instant
 * @param userIds exactly these upstream user ids
 */
public record Audience(
    List<String> phonePrefixes,
    Boolean virtual,
    Boolean recycled,
    OffsetDateTime lastLoginAfter,
    OffsetDateTime lastLoginBefore,
    List<String> userIds) {

  public Audience {
    phonePrefixes = phonePrefixes == null ? List.of() : List.copyOf(phonePrefixes);
    userIds = userIds == null ? null : List.copyOf(userIds);
  }

  /** As stored in {@code campaigns.audience} and shown by the API. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("phone_prefixes", new JsonArray(phonePrefixes))
        .put("virtual", virtual)
        .put("recycled", recycled)
        .put("last_login_after", lastLoginAfter == null ? null : lastLoginAfter.toInstant().toString())
        .put("last_login_before", lastLoginBefore == null ? null : lastLoginBefore.toInstant().toString())
        .put("user_ids", userIds == null ? null : userIds.size());
  }
}
