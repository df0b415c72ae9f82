package dev.factorgate.factor.email;

import dev.factorgate.mail.Mail;

/**
 * The text of the gateway's mails, in English and Simplified Chinese in one message (the gateway
 * does not know which language the reader prefers). Codes appear as six consecutive digits in the
 * text body; no mail ever contains a link that signs in.
 */
public final class EmailMessages {

  private EmailMessages() {}

  /** A one-time code; {@code purpose} says what it is for. */
  public static Mail code(String to, String code, String purpose, long minutes) {
    String what = switch (purpose) {
      case "login" -> "to finish signing in";
      case "step_up" -> "to confirm a change to your account's security settings";
      default -> "to confirm this email address as a second factor";
    };
    String whatZh = switch (purpose) {
      case "login" -> "以完成登录";
      case "step_up" -> "以确认对账户安全设置的更改";
      default -> "以确认此邮箱作为二次验证方式";
    };
    String text = "Your verification code is: " + code + "\n\n"
        + "Enter it " + what + ". It expires in " + minutes + " minutes and works once.\n"
        + "If you did not ask for it, someone may know your password or have your phone number: do not share the code.\n\n"
        + "您的验证码是：" + code + "\n\n"
        + "请输入此验证码" + whatZh + "。验证码 " + minutes + " 分钟内有效，且只能使用一次。\n"
        + "如果这不是您本人的操作，可能有人知道您的密码或持有您的手机号码：请勿向任何人透露此验证码。\n";
    return new Mail(to, "Your verification code / 您的验证码", text, null);
  }

  /** A security notice about a change, with the "this wasn't me" link and no code. */
  public static Mail change(String to, String changeEn, String changeZh, String reportUrl) {
    String text = "A security change was made to your account: " + changeEn + ".\n\n"
        + "If this was you, nothing more is needed.\n"
        + "If this wasn't you, open this page to undo it and freeze your account until support reviews it:\n"
        + reportUrl + "\n\n"
        + "您的账户刚刚发生了一项安全设置变更：" + changeZh + "。\n\n"
        + "如果是您本人操作，无需任何处理。\n"
        + "如果不是您本人操作，请打开以下页面撤销此变更，并冻结账户等待客服核查：\n"
        + reportUrl + "\n";
    return new Mail(to, "Security change on your account / 账户安全变更通知", text, null);
  }
}
