package dev.factorgate.campaign;

import dev.factorgate.mail.Mail;
import dev.factorgate.web.Pages;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The notice a campaign mails to its members: English and Simplified Chinese in one message, since
 * the gateway does not know a member's language. It asks them to set up an authenticator app at
 * their next normal sign-in, and deliberately holds no link and no code, so that it cannot be
 * imitated into a phishing mail that works and teaches users to expect neither.
 */
public final class CampaignNotice {

  private final String siteName;
  private final ResourceBundle en = ResourceBundle.getBundle(Pages.BUNDLE, Locale.ENGLISH);
  private final ResourceBundle zh = ResourceBundle.getBundle(Pages.BUNDLE, Locale.SIMPLIFIED_CHINESE);

  public CampaignNotice(String siteName) {
    this.siteName = siteName;
  }

  /** The notice to one address; fails with IllegalArgumentException for an address that cannot be mailed. */
  public Mail to(String address) {
    String subject = en.getString("mail.campaign_notice.subject") + " / " + zh.getString("mail.campaign_notice.subject");
    String text = body(en) + "\n-----\n\n" + body(zh);
    return new Mail(address, subject, text, null);
  }

  private String body(ResourceBundle b) {
    return new MessageFormat(b.getString("mail.campaign_notice.ask"), b.getLocale()).format(new Object[] {siteName})
        + "\n\n" + b.getString("mail.campaign_notice.why")
        + "\n\n" + b.getString("mail.campaign_notice.how")
        + "\n\n" + b.getString("mail.campaign_notice.safety")
        + "\n";
  }
}
