package dev.factorgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A YAML mapping read with its key path, so that every type error names the key, the value and the
 * expected form. Problems are collected, never thrown, so the whole file is checked in one pass.
 */
final class ConfigNode {

  private final JsonNode node;
  private final String path;
  private final List<ConfigProblem> problems;
  private final Set<String> read = new HashSet<>();

  ConfigNode(JsonNode node, String path, List<ConfigProblem> problems) {
    this.problems = problems;
    this.path = path;
    if (node != null && !node.isMissingNode() && !node.isNull() && !node.isObject()) {
      problems.add(new ConfigProblem(path, show(node), "must be a mapping"));
      this.node = MissingNode.getInstance();
    } else {
      this.node = node == null ? MissingNode.getInstance() : node;
    }
  }

  String path() {
    return path;
  }

  private String keyPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private JsonNode get(String key) {
    read.add(key);
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? null : v;
  }

  boolean has(String key) {
    return node.has(key) && !node.get(key).isNull();
  }

  ConfigNode child(String key) {
    read.add(key);
    return new ConfigNode(node.get(key), keyPath(key), problems);
  }

  String string(String key, String def) {
    JsonNode v = get(key);
    if (v == null) {
      return def;
    }
    if (!v.isValueNode()) {
      problems.add(new ConfigProblem(keyPath(key), show(v), "must be a text value"));
      return def;
    }
    return v.asText();
  }

  int integer(String key, int def) {
    JsonNode v = get(key);
    if (v == null) {
      return def;
    }
    if (v.isInt() || (v.isTextual() && v.asText().matches("-?\\d{1,9}"))) {
      return v.isInt() ? v.intValue() : Integer.parseInt(v.asText());
    }
    problems.add(new ConfigProblem(keyPath(key), show(v), "must be an integer"));
    return def;
  }

  boolean bool(String key, boolean def) {
    JsonNode v = get(key);
    if (v == null) {
      return def;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    problems.add(new ConfigProblem(keyPath(key), show(v), "must be true or false"));
    return def;
  }

  Duration duration(String key, Duration def) {
    JsonNode v = get(key);
    if (v == null) {
      return def;
    }
    Duration d = v.isValueNode() ? Units.parseDuration(v.asText()) : null;
    if (d == null) {
      problems.add(
          new ConfigProblem(keyPath(key), show(v), "must be a duration such as 30s, 5m or 12h"));
      return def;
    }
    return d;
  }

  long size(String key, long def) {
    JsonNode v = get(key);
    if (v == null) {
      return def;
    }
    long s = v.isValueNode() ? Units.parseSize(v.asText()) : -1;
    if (s < 0) {
      problems.add(new ConfigProblem(keyPath(key), show(v), "must be a size such as 512KiB or 1MiB"));
      return def;
    }
    return s;
  }

  /** The mappings of a list; a missing key gives an empty list. */
  List<ConfigNode> nodes(String key) {
    JsonNode v = get(key);
    List<ConfigNode> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (!v.isArray()) {
      problems.add(new ConfigProblem(keyPath(key), show(v), "must be a list"));
      return out;
    }
    for (int i = 0; i < v.size(); i++) {
      out.add(new ConfigNode(v.get(i), keyPath(key) + "[" + i + "]", problems));
    }
    return out;
  }

  /** A list of scalars; a missing key gives the default. */
  List<String> strings(String key, List<String> def) {
    JsonNode v = get(key);
    if (v == null) {
      return def;
    }
    if (!v.isArray()) {
      problems.add(new ConfigProblem(keyPath(key), show(v), "must be a list"));
      return def;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (e == null || !e.isValueNode() || e.isNull()) {
        problems.add(new ConfigProblem(keyPath(key) + "[" + i + "]", show(e), "must be a text value"));
      } else {
        out.add(e.asText());
      }
    }
    return out;
  }

  /** Reports every key of this mapping that no reader asked for: usually a typo. */
  void rejectUnknownKeys() {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!read.contains(name)) {
        problems.add(new ConfigProblem(keyPath(name), show(node.get(name)), "is not a known key"));
      }
    }
  }

  static String show(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "empty";
    }
    String s = v.isTextual() ? "'" + v.asText() + "'" : v.toString();
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
