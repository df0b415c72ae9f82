package dev.factorgate.web;

/** Minimal HTML for error answers, which must work even when templates cannot be rendered. */
public final class Html {

  private Html() {}

  public static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  public static String errorPage(HttpProblem p) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>" + escape(p.title()) + "</title></head><body><main>"
        + "<h1>" + escape(p.title()) + "</h1><p>" + escape(p.detail()) + "</p>"
        + "</main></body></html>";
  }
}
