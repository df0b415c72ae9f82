package dev.factorgate.support;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Form bodies, cookies and small HTML lookups for tests that act like a browser. */
public final class Forms {

  private Forms() {}

  public static HttpRequest.BodyPublisher form(String... pairs) {
    StringJoiner j = new StringJoiner("&");
    for (int i = 0; i < pairs.length; i += 2) {
      j.add(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8) + "=" + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return HttpRequest.BodyPublishers.ofString(j.toString());
  }

  /** The value of a cookie among Set-Cookie headers, or null. */
  public static String cookie(List<String> setCookies, String name) {
    for (String sc : setCookies) {
      String pair = sc.split(";", 2)[0];
      if (pair.startsWith(name + "=")) {
        return pair.substring(name.length() + 1);
      }
    }
    return null;
  }

  /** The Set-Cookie header of a cookie, with its attributes, or null. */
  public static String setCookie(List<String> setCookies, String name) {
    return setCookies.stream().filter(sc -> sc.startsWith(name + "=")).findFirst().orElse(null);
  }

  /** The value of a hidden input in a page. */
  public static String hidden(String html, String name) {
    Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\"\\s+value=\"([^\"]*)\"").matcher(html);
    if (m.find()) {
      return m.group(1);
    }
    Matcher m2 = Pattern.compile("value=\"([^\"]*)\"\\s+name=\"" + Pattern.quote(name) + "\"").matcher(html);
    return m2.find() ? m2.group(1) : null;
  }

  /** A page as a browser asks for it, with the given Cookie header. */
  public static HttpResponse<String> getPage(String url, String cookie) {
    return Http.send(Http.request(url).header("Cookie", cookie).header("Accept", "text/html").build());
  }

  /** A form posted as a browser posts it, with the given Cookie header; the redirect is not followed. */
  public static HttpResponse<String> postForm(String url, String cookie, String... fields) {
    return Http.send(Http.request(url).header("Cookie", cookie).header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "text/html").POST(form(fields)).build());
  }

  /** The {@code fg_pending} cookie header of a held browser sign-in. */
  public static String pendingCookie(HttpResponse<String> held) {
    return "fg_pending=" + cookie(held.headers().allValues("Set-Cookie"), "fg_pending");
  }
}
