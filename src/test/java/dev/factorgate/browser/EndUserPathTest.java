package dev.factorgate.browser;

import static dev.factorgate.support.GatewayFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.factorgate.support.GatewayFixture;
import dev.factorgate.support.Otp;
import dev.factorgate.support.QrDecode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * README's "A user's path" in a real browser, once in English and once in Chinese: Alice signs in
 * to the demo site by SMS through the gateway, is nudged, sets up an authenticator app from the QR
 * code on the page, saves her recovery codes, and later passes the challenge with the app and with a
 * recovery code. Every step checks what the page says in her language and leaves a screenshot.
 */
class EndUserPathTest {

  private static final String PREFIX = "/_factorgate";
  private static final By SEND_CODE = By.cssSelector("form[action='/login/sms/send']");
  private static final By SMS_LOGIN = By.cssSelector("form[action='/login/sms']");
  private static final By LOGOUT = By.cssSelector("form[action='/logout']");
  private static final By SET_UP = By.cssSelector("form[action='" + PREFIX + "/totp']");
  private static final By LATER = By.cssSelector("form[action='" + PREFIX + "/enrol/later']");
  private static final By CONFIRM_TOTP = By.cssSelector("form[action$='/confirm']");
  private static final By RELEASE = By.cssSelector("form[action='" + PREFIX + "/release']");
  private static final By CHALLENGE_TOTP = By.cssSelector("section[aria-labelledby='method-totp'] form");
  private static final By CHALLENGE_RECOVERY = By.cssSelector("section[aria-labelledby='method-recovery'] form");
  private static final By ALERT = By.cssSelector("[role=alert]");
  private static final String SIGNED_IN = "Signed in as Alice (u1001)";

  @BeforeEach
  void browserInstalled() {
    Chromium.assumeInstalled();
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void englishSpeakerMovesOffSmsOnlyLoginInTheBrowser() {
    walkThePath(PageLanguage.ENGLISH);
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void chineseSpeakerMovesOffSmsOnlyLoginInTheBrowser() {
    walkThePath(PageLanguage.CHINESE);
  }

  private static void walkThePath(PageLanguage lang) {
    try (GatewayFixture f = new GatewayFixture();
        Chromium browser = new Chromium(lang.acceptLanguage(), Path.of("target", "screenshots", lang.dir()), 1)) {
      f.aliceInNudgeCampaign();
      String base = GatewayFixture.base(f.a());

      // 1. SMS login on the site, through the gateway: the login is held and Alice is nudged.
      signInBySms(browser, f, base, "login");
      browser.waitForPath(PREFIX + "/enrol");
      assertPageIn(lang, browser, lang.nudgeTitle());
      assertThat(browser.visible(LATER).getText()).isEqualTo(lang.remindLater());
      browser.screenshot("nudge");
      browser.submit(SET_UP, lang.setUp());

      // 2. The QR code, read from the <img> itself as a phone would; the key under "can't scan?".
      assertPageIn(lang, browser, lang.totpTitle());
      String src = browser.visible(By.cssSelector("img.qr")).getDomAttribute("src");
      assertThat(src).startsWith("data:image/png;base64,");
      String uri = QrDecode.text(Base64.getDecoder().decode(src.substring(src.indexOf(',') + 1)));
      assertThat(uri).startsWith("otpauth://totp/").contains("secret=").contains("issuer=");
      String secret = Otp.secretOf(uri);
      WebElement summary = browser.visible(By.cssSelector("details summary"));
      assertThat(summary.getText()).isEqualTo(lang.cantScan());
      summary.click();
      String shownKey = browser.visible(By.cssSelector(".secret code")).getText();
      assertThat(shownKey.replace(" ", "")).isEqualTo(secret);
      assertThat(shownKey).matches("([A-Z2-7]{4} )*[A-Z2-7]{1,4}");
      browser.screenshot("scan-qr-code");

      // A mistyped code is explained on the same page, which keeps the same key.
      browser.type(By.id("code"), "000000");
      browser.submit(CONFIRM_TOTP, lang.confirm());
      assertThat(browser.visible(ALERT).getText()).isEqualTo(lang.codeWrong());
      String again = browser.visible(By.cssSelector("img.qr")).getDomAttribute("src");
      assertThat(Otp.secretOf(QrDecode.text(Base64.getDecoder().decode(again.substring(again.indexOf(',') + 1)))))
          .isEqualTo(secret);
      browser.screenshot("wrong-code");
      browser.type(By.id("code"), Otp.code(secret, f.clock.instant()));
      browser.submit(CONFIRM_TOTP, lang.confirm());

      // 3. Ten recovery codes, a download, "I saved them", and back on the site, signed in.
      assertPageIn(lang, browser, lang.recoveryTitle());
      List<String> codes = browser.all(By.cssSelector("ul.codes code")).stream().map(WebElement::getText).toList();
      assertThat(codes).hasSize(10).allMatch(c -> c.matches("[a-z2-7]{4}(-[a-z2-7]{4}){3}")).doesNotHaveDuplicates();
      WebElement download = browser.visible(By.cssSelector("a[download]"));
      assertThat(download.getDomAttribute("href")).startsWith("data:text/plain");
      assertThat(download.getDomAttribute("download")).isEqualTo("recovery-codes.txt");
      WebElement saved = browser.visible(By.id("saved"));
      assertThat(browser.visible(By.cssSelector("label[for=saved]")).getText()).isEqualTo(lang.savedThem());
      browser.screenshot("recovery-codes");
      saved.click();
      assertThat(saved.isSelected()).isTrue();
      browser.submit(RELEASE, lang.continueButton());
      browser.waitForPath("/");
      browser.waitForText(SIGNED_IN);
      browser.screenshot("signed-in");

      // SMS-only login is off (policy.disable_sms_only_on_enrol); turned off here if it were not.
      browser.open(base + PREFIX + "/settings");
      assertPageIn(lang, browser, lang.settingsTitle());
      By turnOff = By.cssSelector("form[action='" + PREFIX + "/sms-only'] input[name=allowed][value=false]");
      if (!browser.driver().findElements(turnOff).isEmpty()) {
        browser.driver().findElement(turnOff).findElement(By.xpath("..")).findElement(By.tagName("button")).click();
        browser.waitForPath(PREFIX + "/settings");
      }
      assertThat(browser.visible(By.cssSelector("section[aria-labelledby='policy-heading'] .status")).getText())
          .isEqualTo(lang.smsOnlyOff());
      assertThat(browser.visible(By.cssSelector("section[aria-labelledby='policy-heading']")).getText())
          .contains(lang.secondFactorRequired());
      browser.screenshot("settings");

      // 4. Next sign-in by SMS: challenged, and passes with the app's next code.
      signOut(browser, base);
      f.clock.advance(Duration.ofSeconds(30));
      signInBySms(browser, f, base, "login-again");
      browser.waitForPath(PREFIX + "/challenge");
      assertPageIn(lang, browser, lang.challengeTitle());
      browser.screenshot("challenge");
      browser.type(By.id("code-totp"), Otp.code(secret, f.clock.instant()));
      browser.submit(CHALLENGE_TOTP, lang.verify());
      browser.waitForPath("/");
      browser.waitForText(SIGNED_IN);

      // 5. And once more with a saved recovery code instead of the app.
      signOut(browser, base);
      signInBySms(browser, f, base, "login-third");
      browser.waitForPath(PREFIX + "/challenge");
      assertPageIn(lang, browser, lang.challengeTitle());
      WebElement useRecovery = browser.visible(By.cssSelector("section[aria-labelledby='method-recovery'] summary"));
      assertThat(useRecovery.getText()).isEqualTo(lang.useRecoveryCode());
      useRecovery.click();
      browser.type(By.id("code-recovery"), codes.get(3));
      browser.screenshot("challenge-recovery-code");
      browser.submit(CHALLENGE_RECOVERY, lang.verify());
      browser.waitForPath("/");
      browser.waitForText(SIGNED_IN);
      browser.open(base + PREFIX + "/settings");
      assertPageIn(lang, browser, lang.settingsTitle());
      browser.waitForText(lang.nineCodesLeft());
      browser.screenshot("settings-after-recovery");
    }
  }

  private static void signInBySms(Chromium browser, GatewayFixture f, String base, String step) {
    browser.open(base + "/login");
    browser.type(By.id("phone"), "+86 138 0013 8000");
    browser.submit(SEND_CODE, "Send code");
    browser.type(By.id("code"), f.demo.lastCode(ALICE));
    if (step.equals("login")) {
      browser.screenshot(step);
    }
    browser.submit(SMS_LOGIN, "Sign in");
  }

  private static void signOut(Chromium browser, String base) {
    browser.open(base + "/");
    browser.waitForText(SIGNED_IN);
    browser.submit(LOGOUT, "Sign out");
    browser.waitForPath("/login");
    browser.open(base + "/");
    browser.waitForText("You are not signed in.");
  }

  private static void assertPageIn(PageLanguage lang, Chromium browser, String heading) {
    assertThat(browser.heading()).isEqualTo(heading);
    assertThat(browser.htmlLang()).isEqualTo(lang.htmlLang());
  }
}
