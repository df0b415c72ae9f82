package dev.factorgate.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The complete upstream answer to a successful login, kept (encrypted) while the user passes a
 * factor and replayed exactly on release: status, every header in order (several Set-Cookie
 * included), body.
 */
public record HeldResponse(int status, String statusMessage, List<Map.Entry<String, String>> headers, Buffer body) {


  public static HeldResponse of(int status, String statusMessage, MultiMap headers, Buffer body) {
    List<Map.Entry<String, String>> list = new ArrayList<>();
    for (Map.Entry<String, String> h : headers) {
      // what describes the connection or the transfer is not the response: never replayed (the
      // length is set again for the body as it is sent)
      if (!HopByHop.is(h.getKey()) && !h.getKey().equalsIgnoreCase("content-length")) {
        list.add(Map.entry(h.getKey(), h.getValue()));
      }
    }
    return new HeldResponse(status, statusMessage, List.copyOf(list), body);
  }

  public List<String> all(String name) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> h : headers) {
      if (h.getKey().equalsIgnoreCase(name)) {
        out.add(h.getValue());
      }
    }
    return out;
  }

  public String first(String name) {
    for (Map.Entry<String, String> h : headers) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue();
      }
    }
    return null;
  }

  public Buffer serialize() {
    JsonArray hs = new JsonArray();
    for (Map.Entry<String, String> h : headers) {
      hs.add(new JsonArray().add(h.getKey()).add(h.getValue()));
    }
    return new JsonObject()
        .put("status", status)
        .put("message", statusMessage)
        .put("headers", hs)
        .put("body", body.getBytes())
        .toBuffer();
  }

  public static HeldResponse deserialize(Buffer data) {
    JsonObject o = new JsonObject(data);
    List<Map.Entry<String, String>> hs = new ArrayList<>();
    for (Object e : o.getJsonArray("headers")) {
      JsonArray pair = (JsonArray) e;
      hs.add(Map.entry(pair.getString(0), pair.getString(1)));
    }
    return new HeldResponse(
        o.getInteger("status"), o.getString("message"), List.copyOf(hs), Buffer.buffer(o.getBinary("body")));
  }
}
