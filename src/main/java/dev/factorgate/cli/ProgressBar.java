package dev.factorgate.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on the terminal (standard error), redrawn at most five times a second.
 * Silent when there is no terminal ({@code System.console() == null}): piped output and logs get
 * only the final summary.
 */
final class ProgressBar {

  private static final int WIDTH = 30;

  private final PrintStream out;
  private final boolean enabled;
  private final long total;
  private final String unit;
  private final long started = System.nanoTime();
  private long lastDraw;
  private boolean drawn;

  private ProgressBar(PrintStream out, boolean enabled, long total, String unit) {
    this.out = out;
    this.enabled = enabled;
    this.total = total;
    this.unit = unit;
  }

  /** A bar over {@code total} bytes (0 when unknown: a spinner with a count instead). */
  static ProgressBar forTerminal(long total) {
    return new ProgressBar(System.err, System.console() != null, total, null);
  }

  /** A bar over {@code total} things counted in {@code unit} ("rows"), with their rate. */
  static ProgressBar counting(long total, String unit) {
    return new ProgressBar(System.err, System.console() != null, total, unit);
  }

  /**
   * Reports progress; {@code done} of {@code total} bytes, {@code items} processed so far (for a
   * counting bar both are the count).
   */
  void update(long done, long items) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    boolean complete = unit != null && done >= total; // a count ends exactly: show its last figure
    if (now - lastDraw < 200_000_000L && items >= 0 && !complete) {
      return;
    }
    lastDraw = now;
    double seconds = Math.max(0.001, (now - started) / 1e9);
    StringBuilder line = new StringBuilder("\r");
    if (total > 0) {
      double f = Math.min(1.0, (double) done / total);
      int filled = (int) Math.round(f * WIDTH);
      line.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ")
          .append(String.format(Locale.ROOT, "%3.0f%%", f * 100));
    } else {
      line.append("|/-\\".charAt((int) ((now / 250_000_000L) % 4)));
    }
    if (unit != null) {
      line.append(String.format(Locale.ROOT, "  %,d of %,d %s  %,.0f/s", done, total, unit, done / seconds));
    } else {
      line.append(String.format(Locale.ROOT, "  %.1f MB/s", done / seconds / 1e6));
      if (items > 0) {
        line.append(String.format(Locale.ROOT, "  %,d lines", items));
      }
    }
    line.append(String.format(Locale.ROOT, "  %.0f s ", seconds));
    out.print(line);
    out.flush();
    drawn = true;
  }

  /** Ends the bar's line so that the summary starts on a fresh one. */
  void finish() {
    if (enabled && drawn) {
      out.println();
    }
  }

  double elapsedSeconds() {
    return (System.nanoTime() - started) / 1e9;
  }
}
