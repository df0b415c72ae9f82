package dev.factorgate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The small pure helpers: phone parsing and masking, {@code next} checking, escaping. */
class DemoHelpersTest {

  private final PhoneNumbers phones = new PhoneNumbers();

  @ParameterizedTest
  @CsvSource({
      "'+86 138 0013 8000', +8613800138000",
      "13800138000, +8613800138000",
      "'138-0013-8000', +8613800138000",
      "'+1 (415) 555-0123', +14155550123",
      "'  13900139000 ', +8613900139000"})
  void phonesNormaliseToE164(String typed, String e164) {
    assertThat(phones.toE164(typed)).hasValue(e164);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "12345", "+86 123", "not a phone", "+999 1234567",
      "1380013800013800138000138000138000138000138000"})
  void invalidPhonesAreRejected(String typed) {
    assertThat(phones.toE164(typed)).isEmpty();
  }

  @Test
  void masksHideTheMiddle() {
    assertThat(PhoneNumbers.mask("+8613800138000")).isEqualTo("+86138****8000");
    assertThat(PhoneNumbers.mask("+14155550123")).isEqualTo("+14155****0123");
    assertThat(PhoneNumbers.mask("+3541234")).isEqualTo("+35****34");
  }

  @ParameterizedTest
  @CsvSource({"/account, /account", "'/account?tab=1#x', '/account?tab=1#x'", "/, /",
      "//evil.example, /", "'/\\evil', /", "https://evil, /", "evil, /", "'', /"})
  void nextMustBeALocalPath(String raw, String expected) {
    assertThat(DemoRequests.safeNext(raw)).isEqualTo(expected);
  }

  @Test
  void nextRejectsNullAndControlCharacters() {
    assertThat(DemoRequests.safeNext(null)).isEqualTo("/");
    assertThat(DemoRequests.safeNext("/\n/evil")).isEqualTo("/");
    assertThat(DemoRequests.safeNext("/a b")).isEqualTo("/");
  }

  @Test
  void htmlEscapesTheFiveSpecialCharacters() {
    assertThat(DemoPages.html("<a href=\"x\" title='y'>&</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    assertThat(DemoPages.html(null)).isEmpty();
    assertThat(DemoPages.html("plain 138")).isEqualTo("plain 138");
  }

  @Test
  void optionsAreValidated() {
    assertThat(DemoOptions.defaults().port()).isEqualTo(DemoOptions.DEFAULT_PORT);
    assertThatThrownBy(() -> new DemoOptions("127.0.0.1", 70000, Path.of("x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DemoOptions(" ", 0, Path.of("x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DemoOptions("127.0.0.1", 0, null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void registeredUsersGetSequentialIdsAndOneAccountPerPhone() {
    DemoUsers users = DemoUsers.seeded(phones);

    DemoUser first = users.loginOrRegisterByPhone("+8613712345678");
    DemoUser again = users.loginOrRegisterByPhone("+8613712345678");
    DemoUser second = users.loginOrRegisterByPhone("+8613712345679");

    assertThat(first.id()).isEqualTo("u2000");
    assertThat(again).isEqualTo(first);
    assertThat(second.id()).isEqualTo("u2001");
    assertThat(users.loginOrRegisterByPhone("+8613800138000").id()).isEqualTo("u1001");
  }
}
