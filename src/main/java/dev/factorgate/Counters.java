package dev.factorgate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The counters of one metric name, one per combination of tag values, each registered once and
 * kept: building and registering a counter for every event is a registry look-up on the hot path.
 */
public final class Counters {

  private final MeterRegistry registry;
  private final String name;
  private final String description;
  private final List<String> tagKeys;
  private final ConcurrentHashMap<List<String>, Counter> byValues = new ConcurrentHashMap<>();

  public Counters(MeterRegistry registry, String name, String description, String... tagKeys) {
    this.registry = registry;
    this.name = name;
    this.description = description;
    this.tagKeys = List.of(tagKeys);
  }

  /** Counts one event with these tag values, in the order of the tag keys. */
  public void increment(String... tagValues) {
    counter(tagValues).increment();
  }

  /** The counter for these tag values, in the order of the tag keys. */
  public Counter counter(String... tagValues) {
    if (tagValues.length != tagKeys.size()) {
      throw new IllegalArgumentException(name + " takes " + tagKeys.size() + " tag values, not " + tagValues.length);
    }
    return byValues.computeIfAbsent(Arrays.asList(tagValues.clone()), values -> {
      Counter.Builder b = Counter.builder(name).description(description);
      for (int i = 0; i < values.size(); i++) {
        b.tag(tagKeys.get(i), values.get(i));
      }
      return b.register(registry);
    });
  }
}
