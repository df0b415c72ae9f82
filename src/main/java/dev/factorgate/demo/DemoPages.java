package dev.factorgate.demo;

/**
 * The demo site's HTML: plain pages with inline CSS, readable on a phone, no scripts.
 *
 * <p>Every page carries {@link #BANNER} so nobody mistakes the demo for factorgate's own UI when
 * both appear in one browser. Every value that came from a request or a user record goes
 * through {@link #html(String)}: the demo echoes phone numbers, usernames and {@code next}
 * back into pages, and an example site should not teach XSS.
 */
final class DemoPages {

  /** Visible on every page. */
  static final String BANNER =
      "Demo site — an example of an existing website (not part of factorgate)";

  private static final String CSS = """
      *{box-sizing:border-box}
      body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;\
      color:#1f2328;background:#f6f8fa}
      .banner{background:#fff3bf;border-bottom:2px solid #e0b400;padding:.6rem 1rem;\
      font-weight:600;text-align:center}
      main{max-width:30rem;margin:0 auto;padding:1rem}
      section{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:1rem;\
      margin:1rem 0}
      h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.1rem;margin:0 0 .5rem}
      label{display:block;margin:.6rem 0 .2rem;font-weight:600}
      input{width:100%;padding:.6rem;font-size:1rem;border:1px solid #8c959f;border-radius:6px}
      button,.button{display:inline-block;margin-top:.8rem;padding:.6rem 1rem;font-size:1rem;\
      border:0;border-radius:6px;background:#0969da;color:#fff;text-decoration:none;cursor:pointer}
      button.secondary{background:#eaeef2;color:#1f2328}
      .error{background:#ffebe9;border:1px solid #ff8182;border-radius:6px;padding:.6rem}
      .note{color:#57606a;font-size:.9rem}
      dl{display:grid;grid-template-columns:auto 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}
      code{background:#eaeef2;padding:0 .2rem;border-radius:4px}
      """;

  /**
   * What the login page should show.
   *
   * @param phone    value for the phone field (raw, escaped on output), may be {@code null}
   * @param codeSent whether to show the code step instead of "Send code"
   * @param next     already sanitised redirect target for the hidden {@code next} fields
   * @param username value for the username field, may be {@code null}
   * @param error    message to show above the forms, or {@code null}
   */
  record LoginView(String phone, boolean codeSent, String next, String username, String error) {

    /** The empty page, with only {@code next} carried through. */
    static LoginView fresh(String next) {
      return new LoginView(null, false, next, null, null);
    }
  }

  private final String outboxFile;

  /**
   * @param outboxFile path shown to people in the "read the code from …" hint
   */
  DemoPages(String outboxFile) {
    this.outboxFile = outboxFile;
  }

  /**
   * Escapes text for HTML element content and quoted attribute values.
   *
   * @param text untrusted text, may be {@code null}
   * @return the escaped text ({@code ""} for {@code null})
   */
  static String html(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * The sign-in page: SMS login (two steps) and password login.
   *
   * @param view what to show
   * @return a complete HTML document
   */
  String login(LoginView view) {
    StringBuilder b = new StringBuilder("<h1>Sign in</h1>\n");
    if (view.error() != null) {
      b.append("<p class=\"error\" role=\"alert\">").append(html(view.error())).append("</p>\n");
    }
    String next = hidden("next", view.next());
    b.append("<section>\n<h2>Sign in or register with your phone</h2>\n");
    if (!view.codeSent()) {
      b.append("<form method=\"post\" action=\"/login/sms/send\">\n")
          .append(phoneField(view.phone())).append(next)
          .append("<button type=\"submit\">Send code</button>\n</form>\n");
    } else {
      b.append("<p class=\"note\">We sent a 6-digit code by SMS. (This demo does not send SMS: ")
          .append("read the code from <code>").append(html(outboxFile)).append("</code>.)</p>\n")
          .append("<form method=\"post\" action=\"/login/sms\">\n")
          .append(phoneField(view.phone()))
          .append("<label for=\"code\">Code</label>\n")
          .append("<input id=\"code\" name=\"code\" inputmode=\"numeric\" pattern=\"[0-9]{6}\" ")
          .append("maxlength=\"6\" autocomplete=\"one-time-code\" required autofocus>\n")
          .append(next).append("<button type=\"submit\">Sign in</button>\n</form>\n")
          .append("<form method=\"post\" action=\"/login/sms/send\">\n")
          .append(hidden("phone", view.phone())).append(next)
          .append("<button type=\"submit\" class=\"secondary\">Send a new code</button>\n")
          .append("</form>\n");
    }
    b.append("</section>\n<section>\n<h2>Sign in with a password</h2>\n")
        .append("<form method=\"post\" action=\"/login/password\">\n")
        .append("<label for=\"username\">User ID, phone or email</label>\n")
        .append("<input id=\"username\" name=\"username\" autocomplete=\"username\" required ")
        .append("value=\"").append(html(view.username())).append("\">\n")
        .append("<label for=\"password\">Password</label>\n")
        .append("<input id=\"password\" name=\"password\" type=\"password\" ")
        .append("autocomplete=\"current-password\" required>\n")
        .append(next).append("<button type=\"submit\">Sign in</button>\n</form>\n</section>\n")
        .append("<section class=\"note\">\n<h2>Demo accounts</h2>\n<dl>\n")
        .append("<dt>Alice</dt><dd>u1001 · +86 138 0013 8000 · alice-demo-pass</dd>\n")
        .append("<dt>Bob</dt><dd>u1002 · +86 139 0013 9000 · bob-demo-pass</dd>\n")
        .append("<dt>Carol</dt><dd>u1003 · +1 415 555 0123 · carol-demo-pass</dd>\n")
        .append("</dl>\n<p>Any other valid number registers a new account by SMS.</p>\n")
        .append("</section>\n");
    return page("Sign in", b.toString());
  }

  /**
   * The home page, signed in or not.
   *
   * @param user the signed-in user, or {@code null}
   * @return a complete HTML document
   */
  String home(DemoUser user) {
    if (user == null) {
      return page("Home", "<h1>Welcome</h1>\n<section>\n<p>You are not signed in.</p>\n"
          + "<a class=\"button\" href=\"/login\">Sign in</a>\n</section>\n");
    }
    return page("Home", "<h1>Welcome</h1>\n<section>\n" + signedInAs(user) + details(user)
        + "<p><a href=\"/account\">Your account</a></p>\n" + logoutForm() + "</section>\n");
  }

  /**
   * The account page (only ever rendered for a signed-in user).
   *
   * @param user the signed-in user
   * @return a complete HTML document
   */
  String account(DemoUser user) {
    return page("Your account", "<h1>Your account</h1>\n<section>\n" + signedInAs(user)
        + details(user) + "<p class=\"note\">API clients can change the phone number with "
        + "<code>POST /api/phone</code>.</p>\n" + logoutForm() + "</section>\n"
        + "<p><a href=\"/\">Home</a></p>\n");
  }

  /**
   * A short error page.
   *
   * @param title   heading, e.g. "Not found"
   * @param message one sentence for the user
   * @return a complete HTML document
   */
  String error(String title, String message) {
    return page(title, "<h1>" + html(title) + "</h1>\n<section>\n<p>" + html(message)
        + "</p>\n<p><a href=\"/\">Home</a> · <a href=\"/login\">Sign in</a></p>\n</section>\n");
  }

  private static String signedInAs(DemoUser user) {
    return "<p><strong>Signed in as " + html(user.name()) + " (" + html(user.id())
        + ")</strong></p>\n";
  }

  private static String details(DemoUser user) {
    String email = user.email() == null ? "none" : html(user.email());
    return "<dl>\n<dt>Phone</dt><dd>" + html(user.phone()) + "</dd>\n<dt>Email</dt><dd>" + email
        + "</dd>\n</dl>\n";
  }

  private static String logoutForm() {
    return "<form method=\"post\" action=\"/logout\">"
        + "<button type=\"submit\" class=\"secondary\">Sign out</button></form>\n";
  }

  private static String phoneField(String phone) {
    return "<label for=\"phone\">Phone number</label>\n"
        + "<input id=\"phone\" name=\"phone\" type=\"tel\" inputmode=\"tel\" autocomplete=\"tel\" "
        + "placeholder=\"+86 138 0013 8000\" required value=\"" + html(phone) + "\">\n";
  }

  private static String hidden(String name, String value) {
    return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + html(value) + "\">\n";
  }

  private static String page(String title, String body) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>" + html(title) + " · Demo site</title>\n<style>\n" + CSS + "</style>\n"
        + "</head>\n<body>\n<div class=\"banner\" role=\"note\">" + BANNER + "</div>\n"
        + "<main>\n" + body + "</main>\n</body>\n</html>\n";
  }
}
