package dev.factorgate.proxy;

import dev.factorgate.account.LoginIdentity;
import dev.factorgate.account.PhoneNumbers;
import dev.factorgate.config.GatewayConfig.Identity;
import dev.factorgate.config.GatewayConfig.Whoami;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds who logged in from the upstream's answer, in the configured order: a response header, a
 * JSON pointer into the body, or a {@code whoami} call to the upstream with the new session's
 * cookies. Phone and email come from the body or from whoami.
 */
final class IdentityReader {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IdentityReader.class);

  private static final int MAX_ID = 200;

  private final Identity config;
  private final PhoneNumbers phones;
  private final SocketAddress upstream;
  private final String upstreamHost;
  private final int upstreamPort;
  private final long timeoutMs;
  private final long maxBody;

  IdentityReader(Identity config, PhoneNumbers phones, SocketAddress upstream, long timeoutMs, long maxBody) {
    this.config = config;
    this.phones = phones;
    this.upstream = upstream;
    this.upstreamHost = upstream.host();
    this.upstreamPort = upstream.port();
    this.timeoutMs = timeoutMs;
    this.maxBody = maxBody;
  }

  /** The identity, or null when the upstream's answer names no user. */
  Future<LoginIdentity> read(MultiMap headers, Buffer body, HttpClient client) {
    String id = config.header() == null ? null : clean(headers.get(config.header()));
    JsonObject json = jsonBody(headers, body);
    if (id == null && config.jsonPointer() != null) {
      id = clean(pointer(json, config.jsonPointer()));
    }
    String phone = config.phonePointer() == null ? null : pointer(json, config.phonePointer());
    String email = config.emailPointer() == null ? null : pointer(json, config.emailPointer());
    Whoami w = config.whoami();
    boolean needWhoami =
        w != null
            && (id == null
                || (phone == null && w.phonePointer() != null)
                || (email == null && w.emailPointer() != null));
    if (!needWhoami) {
      return Future.succeededFuture(id == null ? null : identity(id, phone, email));
    }
    String knownId = id;
    return whoami(headers, client, w)
        .map(
            me -> {
              String wid = clean(pointer(me, w.jsonPointer()));
              String uid = knownId != null ? knownId : wid;
              if (uid == null || (knownId != null && wid != null && !knownId.equals(wid))) {
                return knownId == null ? null : identity(knownId, phone, email); // never mix two users' data
              }
              return identity(
                  uid,
                  phone != null || w.phonePointer() == null ? phone : pointer(me, w.phonePointer()),
                  email != null || w.emailPointer() == null ? email : pointer(me, w.emailPointer()));
            });
  }

  private LoginIdentity identity(String id, String phone, String email) {
    return new LoginIdentity(id, phones.normalise(phone), cleanEmail(email));
  }

  private Future<JsonObject> whoami(MultiMap loginHeaders, HttpClient client, Whoami w) {
    String cookies = cookiesOf(loginHeaders.getAll("Set-Cookie"));
    if (cookies.isEmpty()) {
      return Future.succeededFuture(null);
    }
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setServer(upstream)
            .setHost(upstreamHost)
            .setPort(upstreamPort)
            .setURI(w.path())
            .setIdleTimeout(timeoutMs)
            .putHeader("Cookie", cookies)
            .putHeader("Accept", "application/json");
    return client
        .request(options)
        .compose(req -> req.send())
        .compose(
            resp -> {
              if (resp.statusCode() != 200) {
                return resp.end().map(v -> (JsonObject) null);
              }
              String len = resp.getHeader("Content-Length");
              return BoundedBody.read(resp, len == null ? -1 : parseLong(len), maxBody).map(IdentityReader::parse);
            })
        .otherwise(
            e -> {
              LOG.warn("whoami call to the upstream failed: {}", e.toString());
              return null;
            });
  }

  /** Cookie header for the cookies a Set-Cookie list sets (deleted cookies left out). */
  static String cookiesOf(List<String> setCookies) {
    List<String> pairs = new ArrayList<>();
    for (String sc : setCookies) {
      String pair = sc.split(";", 2)[0].trim();
      int eq = pair.indexOf('=');
      if (eq > 0 && eq < pair.length() - 1 && !sc.toLowerCase(Locale.ROOT).contains("max-age=0")) {
        pairs.add(pair);
      }
    }
    return String.join("; ", pairs);
  }

  /** True when one of the Set-Cookie headers sets a cookie of this name to a value. */
  static boolean setsCookie(List<String> setCookies, String name) {
    for (String sc : setCookies) {
      String pair = sc.split(";", 2)[0].trim();
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).trim().equals(name) && eq < pair.length() - 1) {
        return true;
      }
    }
    return false;
  }

  private static JsonObject jsonBody(MultiMap headers, Buffer body) {
    String type = headers.get("Content-Type");
    if (body == null || body.length() == 0 || type == null || !type.toLowerCase(Locale.ROOT).contains("json")) {
      return null;
    }
    return parse(body);
  }

  private static JsonObject parse(Buffer body) {
    try {
      int i = 0;
      while (i < body.length() && Character.isWhitespace(body.getByte(i))) {
        i++;
      }
      return i < body.length() && body.getByte(i) == '{' ? new JsonObject(body) : null;
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }

  private static String pointer(JsonObject json, String pointer) {
    if (json == null || pointer == null) {
      return null;
    }
    try {
      Object v = JsonPointer.from(pointer).queryJson(json);
      return v instanceof String || v instanceof Number ? String.valueOf(v) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String clean(String id) {
    if (id == null) {
      return null;
    }
    String t = id.trim();
    if (t.isEmpty() || t.length() > MAX_ID || t.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return null;
    }
    return t;
  }

  private static String cleanEmail(String email) {
    if (email == null) {
      return null;
    }
    String e = email.trim();
    return e.length() <= 254 && e.matches("[^\\s@<>\"]+@[^\\s@<>\"]+\\.[^\\s@<>\"]+") ? e : null;
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
