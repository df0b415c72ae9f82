package dev.factorgate.web;

import dev.factorgate.config.Cidr;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The client's address and scheme. X-Forwarded-For and -Proto are believed only when the direct
 * peer is one of {@code server.trusted_proxies}; then the right-most untrusted hop is the client.
 */
public final class ClientAddress {

  private final List<Cidr> trusted;

  public ClientAddress(List<Cidr> trusted) {
    this.trusted = List.copyOf(trusted);
  }

  /** The client IP as text. */
  public String ip(HttpServerRequest request) {
    String peer = peer(request);
    if (trusted.isEmpty() || !isTrusted(peer)) {
      return peer;
    }
    String xff = request.getHeader("X-Forwarded-For");
    if (xff == null || xff.isBlank()) {
      return peer;
    }
    String[] hops = xff.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (!isIpLiteral(hop)) {
        return peer; // a forged or broken chain: fall back to what we saw
      }
      if (!isTrusted(hop)) {
        return hop;
      }
    }
    return hops[0].trim();
  }

  /** True when the client reached the first trusted hop over HTTPS. */
  public boolean secure(HttpServerRequest request) {
    if (request.isSSL()) {
      return true;
    }
    if (!trusted.isEmpty() && isTrusted(peer(request))) {
      String proto = request.getHeader("X-Forwarded-Proto");
      return proto != null && proto.trim().toLowerCase().startsWith("https");
    }
    return false;
  }

  /** Whether the direct peer may send forwarding headers. */
  public boolean peerTrusted(HttpServerRequest request) {
    return !trusted.isEmpty() && isTrusted(peer(request));
  }

  private static String peer(HttpServerRequest request) {
    SocketAddress a = request.remoteAddress();
    return a == null || a.hostAddress() == null ? "unknown" : a.hostAddress();
  }

  private boolean isTrusted(String ip) {
    byte[] raw = parse(ip);
    if (raw == null) {
      return false;
    }
    for (Cidr c : trusted) {
      if (c.contains(raw)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isIpLiteral(String s) {
    return !s.isEmpty() && s.length() <= 45 && s.matches("[0-9A-Fa-f:.]+");
  }

  private static byte[] parse(String ip) {
    if (!isIpLiteral(ip)) {
      return null;
    }
    try {
      return InetAddress.getByName(ip).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
