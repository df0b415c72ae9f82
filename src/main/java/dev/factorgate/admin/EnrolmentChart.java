package dev.factorgate.admin;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The geometry of the dashboard's enrolment chart: one bar per day, scaled to the busiest day. Only
 * numbers leave here; the template draws them as SVG rectangles with presentation attributes, so
 * the page needs neither JavaScript nor inline styles (the CSP allows neither).
 *
 * @param bars one bar per day, oldest first
 * @param max the largest daily count (the top of the scale), at least 1
 * @param total enrolments over the whole range
 * @param first the first day shown
 * @param last the last day shown (today, UTC)
 */
public record EnrolmentChart(List<Bar> bars, long max, long total, String first, String last) {

  /** Drawing area of the SVG viewBox; labels sit outside it. */
  public static final int WIDTH = 600;
  public static final int HEIGHT = 120;
  public static final int TOP = 10;

  /** A day's bar: position and size in viewBox units, and what its tooltip says. */
  public record Bar(int x, int y, int width, int height, String day, long count) {}

  /** The last {@code days} days up to {@code today}; days missing from {@code counts} are zero. */
  public static EnrolmentChart of(Map<LocalDate, Long> counts, LocalDate today, int days) {
    LocalDate start = today.minusDays(days - 1L);
    long max = 1;
    long total = 0;
    for (int i = 0; i < days; i++) {
      long c = counts.getOrDefault(start.plusDays(i), 0L);
      max = Math.max(max, c);
      total += c;
    }
    int slot = WIDTH / days;
    int gap = Math.max(1, slot / 5);
    List<Bar> bars = new ArrayList<>(days);
    for (int i = 0; i < days; i++) {
      LocalDate day = start.plusDays(i);
      long c = counts.getOrDefault(day, 0L);
      // A day with enrolments is never drawn flat, however busy the busiest day was.
      int h = c == 0 ? 0 : (int) Math.max(2, Math.round((double) c * HEIGHT / max));
      bars.add(new Bar(i * slot + gap / 2, TOP + HEIGHT - h, slot - gap, h, day.toString(), c));
    }
    return new EnrolmentChart(List.copyOf(bars), max, total, start.toString(), today.toString());
  }

  /** The y of the baseline, for the axis line. */
  public int baseline() {
    return TOP + HEIGHT;
  }
}
