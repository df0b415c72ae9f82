package dev.factorgate.browser;

/**
 * What a person reading one language sees on the gateway's pages, written here by hand rather than
 * read from the bundles, so a lost or wrong translation fails the browser test.
 */
record PageLanguage(
    String acceptLanguage,
    String htmlLang,
    String nudgeTitle,
    String setUp,
    String remindLater,
    String totpTitle,
    String cantScan,
    String confirm,
    String codeWrong,
    String recoveryTitle,
    String savedThem,
    String continueButton,
    String settingsTitle,
    String smsOnlyOff,
    String secondFactorRequired,
    String challengeTitle,
    String verify,
    String useRecoveryCode,
    String nineCodesLeft) {

  static final PageLanguage ENGLISH = new PageLanguage(
      "en-US", "en",
      "Protect your account",
      "Set up an authenticator app",
      "Remind me later",
      "Set up an authenticator app",
      "Can't scan? Enter this key",
      "Confirm",
      "That code is not right. Check it and try again.",
      "Save your recovery codes",
      "I have saved these codes",
      "Continue",
      "Sign-in security",
      "SMS-only sign-in: off",
      "Signing in needs a second factor as well as the text message code.",
      "Confirm it's you",
      "Verify",
      "Can't use your authenticator app? Use a recovery code",
      "You have 9 unused recovery codes.");

  static final PageLanguage CHINESE = new PageLanguage(
      "zh-CN", "zh-CN",
      "保护您的账户",
      "设置身份验证器应用",
      "稍后提醒我",
      "设置身份验证器应用",
      "无法扫码？手动输入密钥",
      "确认",
      "验证码不正确，请检查后重试。",
      "保存您的恢复码",
      "我已保存这些恢复码",
      "继续",
      "登录安全",
      "仅短信登录：已关闭",
      "登录时除短信验证码外，还需要进行二次验证。",
      "确认是您本人",
      "验证",
      "无法使用身份验证器应用？改用恢复码",
      "您还有 9 个未使用的恢复码。");

  /** The directory name of this language's screenshots. */
  String dir() {
    return htmlLang.equals("en") ? "en" : "zh-CN";
  }
}
