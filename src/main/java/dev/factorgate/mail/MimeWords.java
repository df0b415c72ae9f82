package dev.factorgate.mail;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** RFC 2047 encoded words for header text that is not plain ASCII (a Chinese subject, say). */
final class MimeWords {

  /** UTF-8 bytes per encoded word: 45 bytes become 60 base64 characters, under the 75 limit. */
  private static final int CHUNK = 45;

  private MimeWords() {}

  static String encode(String text) {
    boolean ascii = text.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    if (ascii) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      // Whole code points only: a word must decode on its own.
      int end = i;
      int bytes = 0;
      while (end < text.length()) {
        int cp = text.codePointAt(end);
        int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
        if (bytes + n > CHUNK) {
          break;
        }
        bytes += n;
        end += Character.charCount(cp);
      }
      if (out.length() > 0) {
        out.append("\r\n "); // folded: each encoded word on its own line
      }
      out.append("=?UTF-8?B?")
          .append(Base64.getEncoder().encodeToString(text.substring(i, end).getBytes(StandardCharsets.UTF_8)))
          .append("?=");
      i = end;
    }
    return out.toString();
  }
}
