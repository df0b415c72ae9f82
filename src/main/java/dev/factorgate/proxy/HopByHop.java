package dev.factorgate.proxy;

/**
 * The hop-by-hop headers of RFC 9110 section 7.6.1 (and the non-standard {@code Proxy-Connection}
 * and {@code Keep-Alive}): they describe one connection and never cross the gateway, in either
 * direction. Decided on the name's length first, so an ordinary header costs a switch and at most
 * two comparisons.
 */
final class HopByHop {

  private HopByHop() {}

  static boolean is(String name) {
    return switch (name.length()) {
      case 2 -> name.equalsIgnoreCase("te");
      case 7 -> name.equalsIgnoreCase("upgrade") || name.equalsIgnoreCase("trailer");
      case 10 -> name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("keep-alive");
      case 16 -> name.equalsIgnoreCase("proxy-connection");
      case 17 -> name.equalsIgnoreCase("transfer-encoding");
      case 18 -> name.equalsIgnoreCase("proxy-authenticate");
      case 19 -> name.equalsIgnoreCase("proxy-authorization");
      default -> false;
    };
  }
}
