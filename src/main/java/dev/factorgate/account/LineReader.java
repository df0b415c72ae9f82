package dev.factorgate.account;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits a byte stream into lines (LF or CRLF) without holding more than one line: an import file
 * of any size passes through a fixed buffer. A line longer than the limit is skipped up to its end
 * and reported as too long instead of being read into memory.
 */
final class LineReader {

  /** One physical line, numbered from 1. {@code text} is null when the line was too long. */
  record Line(long number, String text) {}

  private final InputStream in;
  private final int maxBytes;
  private final byte[] buf = new byte[64 * 1024];
  private byte[] line;
  private int lineLen;
  private int pos;
  private int limit;
  private long number;
  private long bytesRead;
  private boolean eof;

  LineReader(InputStream in, int maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
    this.line = new byte[Math.min(maxBytes, 4096)];
  }

  /** Bytes consumed so far, for progress reporting. */
  long bytesRead() {
    return bytesRead;
  }

  /** The next line, or null at the end of the stream. A final line without LF counts. */
  Line next() throws IOException {
    lineLen = 0;
    boolean tooLong = false;
    boolean any = false;
    while (true) {
      if (pos == limit) {
        if (eof || !fill()) {
          if (!any) {
            return null;
          }
          return finish(tooLong);
        }
      }
      any = true;
      int start = pos;
      int lf = -1;
      for (int i = pos; i < limit; i++) {
        if (buf[i] == '\n') {
          lf = i;
          break;
        }
      }
      int end = lf < 0 ? limit : lf;
      if (!tooLong) {
        int n = end - start;
        if (lineLen + n > maxBytes) {
          tooLong = true;
        } else {
          append(start, n);
        }
      }
      pos = lf < 0 ? limit : lf + 1;
      if (lf >= 0) {
        return finish(tooLong);
      }
    }
  }

  private Line finish(boolean tooLong) {
    number++;
    if (tooLong) {
      return new Line(number, null);
    }
    int len = lineLen;
    if (len > 0 && line[len - 1] == '\r') {
      len--;
    }
    return new Line(number, new String(line, 0, len, StandardCharsets.UTF_8));
  }

  private void append(int start, int n) {
    if (lineLen + n > line.length) {
      byte[] bigger = new byte[Math.min(maxBytes, Math.max(line.length * 2, lineLen + n))];
      System.arraycopy(line, 0, bigger, 0, lineLen);
      line = bigger;
    }
    System.arraycopy(buf, start, line, lineLen, n);
    lineLen += n;
  }

  private boolean fill() throws IOException {
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      eof = true;
      pos = limit = 0;
      return false;
    }
    bytesRead += n;
    pos = 0;
    limit = n;
    return true;
  }
}
