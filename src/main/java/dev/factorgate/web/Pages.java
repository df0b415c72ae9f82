package dev.factorgate.web;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Renders the gateway's own pages from the Pebble templates in {@code templates/} on the classpath.
 *
 * <p>Autoescaping is on for every template, so model values (factor labels, error details) can
 * never inject markup. Visible text comes from the {@code i18n/messages} bundles through Pebble's
 * built-in {@code i18n} function, which reads the locale passed to {@link #render}. One instance is
 * meant to be shared: the engine is thread-safe and caches compiled templates.
 */
public final class Pages {

  /** The resource bundle every template uses for its text. */
  public static final String BUNDLE = "i18n/messages";

  private final PebbleEngine engine;

  /** An engine over {@code templates/*.peb} on the classpath, autoescaping HTML. */
  public Pages() {
    ClasspathLoader loader = new ClasspathLoader(Pages.class.getClassLoader());
    loader.setPrefix("templates");
    loader.setSuffix(".peb");
    this.engine =
        new PebbleEngine.Builder()
            .loader(loader)
            .autoEscaping(true)
            .defaultEscapingStrategy("html")
            // Optional model values (error, notice, deadline) are simply absent on most renders.
            .strictVariables(false)
            .cacheActive(true)
            // Keeps the output free of the blank lines left by {% tags %}.
            .newLineTrimming(true)
            .build();
  }

  /**
   * Renders one page.
   *
   * @param template the template name without suffix, e.g. {@code "challenge"}
   * @param locale the language of the page's text, normally from {@link Locales#choose}
   * @param model the page's values; {@code lang} is filled in from {@code locale} when missing
   * @return the complete HTML document
   * @throws IllegalStateException when the template is missing or fails (e.g. an unknown message key)
   */
  public String render(String template, Locale locale, Map<String, Object> model) {
    Objects.requireNonNull(template, "template");
    Locale lang = locale == null ? Locale.ENGLISH : locale;
    // A copy, so that the caller's map (possibly immutable) is never changed.
    Map<String, Object> values = new HashMap<>();
    if (model != null) {
      values.putAll(model);
    }
    values.putIfAbsent("lang", Locales.htmlLang(lang));
    try {
      PebbleTemplate compiled = engine.getTemplate(template);
      StringWriter out = new StringWriter(4096);
      compiled.evaluate(out, values, lang);
      return out.toString();
    } catch (PebbleException e) {
      throw new IllegalStateException("template " + template + " failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A {@code data:} URI for a plain text download, as {@code recovery_codes.peb} expects in {@code
   * downloadHref}. Spaces become {@code %20}, not {@code +}, because data URIs are not form data.
   */
  public static String textDownloadHref(String text) {
    String encoded = URLEncoder.encode(text == null ? "" : text, StandardCharsets.UTF_8).replace("+", "%20");
    return "data:text/plain;charset=utf-8," + encoded;
  }
}
