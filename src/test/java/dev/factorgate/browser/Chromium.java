package dev.factorgate.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.http.ClientConfig;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium in a phone-sized window, driven through {@code /usr/bin/chromedriver},
 * with a fresh profile and one page language. Every wait is explicit and bounded; screenshots of
 * whole pages go to {@code target/screenshots/<lang>/NN-step.png}.
 */
final class Chromium implements AutoCloseable {

  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  static final Path BINARY = Path.of("/usr/bin/chromium");
  static final int WIDTH = 390;
  static final int HEIGHT = 844;
  private static final Duration WAIT = Duration.ofSeconds(15);

  private final Path profile;
  private final ChromeDriverService service;
  private final ChromeDriver driver;
  private final WebDriverWait wait;
  private final Path screenshots;
  private int shot;

  /**
   * Skips the calling test, with the reason, when Chromium or its driver is not installed
   * ({@code scripts/test} installs Debian's {@code chromium} and {@code chromium-driver} when it runs
   * as root with apt-get).
   */
  static void assumeInstalled() {
    Assumptions.assumeTrue(Files.isExecutable(DRIVER) && Files.isExecutable(BINARY),
        "browser tests skipped: " + BINARY + " and " + DRIVER + " are needed (Debian packages chromium and "
            + "chromium-driver; scripts/test installs them when run as root with apt-get)");
  }

  /**
   * Starts a browser.
   *
   * @param language the Accept-Language and UI language, e.g. {@code en-US} or {@code zh-CN}
   * @param screenshotDir where this run's screenshots go
   * @param firstShot the number of the first screenshot, so that several tests can share a directory
   */
  Chromium(String language, Path screenshotDir, int firstShot) {
    this.shot = firstShot - 1;
    assumeInstalled();
    try {
      profile = Files.createTempDirectory("fg-chromium-");
      screenshots = Files.createDirectories(screenshotDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
        "--window-size=" + WIDTH + "," + HEIGHT, "--user-data-dir=" + profile, "--lang=" + language);
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
    service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort()
        .withTimeout(Duration.ofSeconds(30)).build();
    // Every WebDriver command answers within this, so a hung browser fails the test, not the build.
    ClientConfig client = ClientConfig.defaultConfig().readTimeout(Duration.ofSeconds(60));
    driver = new ChromeDriver(service, options, client);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    // Desktop Chromium keeps windows at least ~500 px wide whatever --window-size says; a phone's
    // layout viewport needs the device metrics set explicitly (they last for the tab's lifetime).
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", WIDTH, "height", HEIGHT, "deviceScaleFactor", 1, "mobile", true));
    wait = new WebDriverWait(driver, WAIT);
  }

  ChromeDriver driver() {
    return driver;
  }

  void open(String url) {
    driver.get(url);
  }

  /** Waits until the current URL's path is this one (query and fragment ignored). */
  void waitForPath(String path) {
    wait.withMessage(() -> "expected to arrive at " + path + ", still at " + driver.getCurrentUrl())
        .until(d -> path.equals(java.net.URI.create(d.getCurrentUrl()).getPath()));
  }

  /** The one visible element; waits for it, and fails the test when it never appears. */
  WebElement visible(By by) {
    return wait.withMessage(() -> "no visible " + by + " on " + driver.getCurrentUrl() + "\n" + bodyText())
        .until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  List<WebElement> all(By by) {
    visible(by);
    return driver.findElements(by);
  }

  /** Waits for the page's visible text to contain this. */
  void waitForText(String text) {
    wait.withMessage(() -> "page does not say \"" + text + "\": " + driver.getCurrentUrl() + "\n" + bodyText())
        .until(d -> bodyText().contains(text));
  }

  String bodyText() {
    List<WebElement> body = driver.findElements(By.tagName("body"));
    return body.isEmpty() ? "" : body.get(0).getText();
  }

  String htmlLang() {
    return driver.findElement(By.tagName("html")).getDomAttribute("lang");
  }

  String heading() {
    return visible(By.tagName("h1")).getText();
  }

  /**
   * Types into an empty field. A page that is still being replaced (a redirect after a post) can
   * swap the field out under the typing; then the field is found again and typed into afresh.
   */
  void type(By field, String text) {
    wait.withMessage(() -> "could not type into " + field + " on " + driver.getCurrentUrl())
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(d -> {
          try {
            waitForLoad();
            WebElement e = visible(field);
            e.clear();
            e.sendKeys(text);
            return text.equals(e.getDomProperty("value"));
          } catch (org.openqa.selenium.WebDriverException ex) {
            if (ex.getMessage() != null && ex.getMessage().contains("does not belong to the document")) {
              return false;
            }
            throw ex;
          }
        });
  }

  /** Waits until the page has finished loading. */
  void waitForLoad() {
    wait.until(d -> "complete".equals(((org.openqa.selenium.JavascriptExecutor) d).executeScript("return document.readyState")));
  }

  /**
   * Clicks the submit button of the form matched by {@code form}, after checking its label, and
   * waits until the browser has left the page.
   */
  void submit(By form, String buttonText) {
    for (int attempt = 1; ; attempt++) {
      waitForLoad();
      WebElement html = null;
      boolean clicked = false;
      try {
        html = driver.findElement(By.tagName("html"));
        WebElement button = visible(form).findElement(By.cssSelector("button[type=submit]"));
        assertThat(button.getText()).as("button of %s", form).isEqualTo(buttonText);
        clicked = true;
        button.click();
        wait.withMessage(() -> "the form " + form + " was not submitted").until(ExpectedConditions.stalenessOf(html));
        waitForLoad();
        return;
      } catch (org.openqa.selenium.WebDriverException e) {
        boolean detached = e instanceof org.openqa.selenium.StaleElementReferenceException
            || e.getMessage() != null && e.getMessage().contains("does not belong to the document");
        if (!detached || attempt >= 3) {
          throw e;
        }
        waitForLoad();
        if (clicked && html != null && stale(html)) {
          // the click went through and the next page replaced this one while the click was being
          // reported: submitted (the caller checks where it landed). The next page may well have a
          // form like this one ("Send a new code"), so its presence proves nothing.
          return;
        }
        // the page was still being replaced (a redirect settling) before the click: find the form again
      }
    }
  }

  /** True when the element's page is gone (Chromium reports it in more than one way). */
  private static boolean stale(WebElement element) {
    try {
      element.isEnabled();
      return false;
    } catch (org.openqa.selenium.WebDriverException e) {
      return true;
    }
  }

  /**
   * Saves the whole page (not only the visible part) as {@code NN-step.png}; the width stays the
   * phone's.
   */
  Path screenshot(String step) {
    Path file = screenshots.resolve(String.format("%02d-%s.png", ++shot, step));
    byte[] png;
    try {
      Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
      @SuppressWarnings("unchecked")
      Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
      long height = Math.max(HEIGHT, Math.round(((Number) size.get("height")).doubleValue()));
      Map<String, Object> out = driver.executeCdpCommand("Page.captureScreenshot", Map.of(
          "format", "png", "captureBeyondViewport", true,
          "clip", Map.of("x", 0, "y", 0, "width", WIDTH, "height", height, "scale", 1)));
      png = Base64.getDecoder().decode((String) out.get("data"));
    } catch (RuntimeException e) {
      png = driver.getScreenshotAs(OutputType.BYTES); // the visible part is better than none
    }
    try {
      Files.write(file, png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      deleteQuietly(profile);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a leftover temp profile is harmless
    }
  }
}
