package dev.factorgate.browser;

import static dev.factorgate.support.GatewayFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.support.GatewayFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;

/**
 * The pages nobody hopes to see, in a real browser: a locked account, a phone number that changed
 * hands, a frozen account, an expired sign-in, a page that isn't there. Each says what happened in
 * the reader's language and offers a way on.
 */
class RefusalPagesTest {

  private static final String PREFIX = "/_factorgate";

  /** Headings, in the order the test meets them, and the "sign in again" link's words. */
  private record Expected(String acceptLanguage, String htmlLang, String dir, List<String> headings, String signInAgain) {}

  private static final Expected ENGLISH = new Expected("en-US", "en", "en", List.of(
      "Too many wrong codes",
      "This phone number has changed hands",
      "This account is frozen",
      "Your sign-in has expired",
      "Please sign in first",
      "Page not found"), "Sign in again");

  private static final Expected CHINESE = new Expected("zh-CN", "zh-CN", "zh-CN", List.of(
      "验证码错误次数过多",
      "此手机号码已易主",
      "此账户已冻结",
      "本次登录已过期",
      "请先登录",
      "找不到页面"), "重新登录");

  @BeforeEach
  void browserInstalled() {
    Chromium.assumeInstalled();
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void refusalsAndErrorsExplainThemselvesInEnglish() {
    visitEveryRefusal(ENGLISH);
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void refusalsAndErrorsExplainThemselvesInChinese() {
    visitEveryRefusal(CHINESE);
  }

  private static void visitEveryRefusal(Expected lang) {
    try (GatewayFixture f = new GatewayFixture();
        Chromium browser = new Chromium(lang.acceptLanguage(), Path.of("target", "screenshots", lang.dir()), 21)) {
      String base = GatewayFixture.base(f.a());
      f.sql.update("insert into accounts (user_id, phone) values ('u1001', ?)", ALICE);

      f.sql.update("insert into throttles (account_id, consecutive_failures, locked_at) "
          + "select id, 20, now() from accounts where user_id = 'u1001'");
      signInBySms(browser, f, base);
      expectPage(browser, lang, lang.headings().get(0), "locked");
      f.sql.update("delete from throttles");

      f.sql.update("update accounts set phone_recycled_at = now() - interval '1 day'");
      signInBySms(browser, f, base);
      expectPage(browser, lang, lang.headings().get(1), "number-changed-hands");
      f.sql.update("update accounts set phone_recycled_at = null");

      f.sql.update("update accounts set frozen_at = now(), frozen_reason = 'reported'");
      signInBySms(browser, f, base);
      expectPage(browser, lang, lang.headings().get(2), "frozen");

      // No held login (the refusals dropped theirs): the challenge page says so and leads back.
      browser.open(base + PREFIX + "/challenge");
      expectPage(browser, lang, lang.headings().get(3), "sign-in-expired");
      browser.visible(By.linkText(lang.signInAgain())).click();
      browser.waitForPath("/login");
      browser.visible(By.id("phone"));

      browser.open(base + PREFIX + "/settings");
      expectPage(browser, lang, lang.headings().get(4), "settings-signed-out");

      browser.open(base + PREFIX + "/no-such-page");
      expectPage(browser, lang, lang.headings().get(5), "not-found");
    }
  }

  private static void signInBySms(Chromium browser, GatewayFixture f, String base) {
    browser.open(base + "/login");
    browser.type(By.id("phone"), "+86 138 0013 8000");
    browser.submit(By.cssSelector("form[action='/login/sms/send']"), "Send code");
    browser.type(By.id("code"), f.demo.lastCode(ALICE));
    browser.submit(By.cssSelector("form[action='/login/sms']"), "Sign in");
  }

  private static void expectPage(Chromium browser, Expected lang, String heading, String step) {
    assertThat(browser.heading()).isEqualTo(heading);
    assertThat(browser.htmlLang()).isEqualTo(lang.htmlLang());
    // Every refusal and error page has a way back to the site, styled by the gateway's stylesheet.
    assertThat(browser.visible(By.cssSelector("main.card a[href='/']")).isDisplayed()).isTrue();
    assertThat(browser.driver().findElements(By.cssSelector("link[href='" + PREFIX + "/static/factorgate.css']"))).hasSize(1);
    browser.screenshot(step);
  }
}
