package dev.factorgate.cli;

/**
 * A progress bar for long work on a terminal; silent when the output is not a terminal, so logs
 * and pipes get only the final summary.
 */
final class Progress {

  private final String unit;
  private final long expected;
  private final boolean terminal = System.console() != null;
  private long lastPrinted;

  Progress(String unit, long expected) {
    this.unit = unit;
    this.expected = Math.max(1, expected);
  }

  synchronized void update(long done) {
    if (!terminal || done - lastPrinted < 1000 && done < expected) {
      return;
    }
    lastPrinted = done;
    int width = 30;
    int filled = (int) Math.min(width, done * width / expected);
    System.err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + " " + unit);
  }

  synchronized void done() {
    if (terminal) {
      System.err.println();
    }
  }
}
