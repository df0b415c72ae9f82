package dev.factorgate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CsrfTest {

  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private final Csrf csrf = new Csrf(KEY);

  @Test
  void tokenIsBase64UrlHmacOfTheBinding() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
    String expected = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(mac.doFinal("csrf:pending:42".getBytes(StandardCharsets.UTF_8)));
    assertThat(csrf.token("pending:42")).isEqualTo(expected).hasSize(43).matches("[A-Za-z0-9_-]+");
  }

  @Test
  void roundTrip() {
    String t = csrf.token("session:abc/settings");
    assertThat(csrf.verify("session:abc/settings", t)).isTrue();
    assertThat(new Csrf(KEY.clone()).verify("session:abc/settings", t)).as("another instance, same key").isTrue();
    assertThat(csrf.token("中文 binding")).isEqualTo(csrf.token("中文 binding"));
  }

  @Test
  void wrongBindingOrKeyFails() {
    String t = csrf.token("pending:1");
    assertThat(csrf.verify("pending:2", t)).isFalse();
    assertThat(csrf.verify("", t)).isFalse();
    byte[] other = KEY.clone();
    other[0] ^= 1;
    assertThat(new Csrf(other).verify("pending:1", t)).isFalse();
  }

  @Test
  void tamperedTokensFail() {
    String t = csrf.token("pending:1");
    char last = t.charAt(t.length() - 1);
    assertThat(csrf.verify("pending:1", t.substring(0, t.length() - 1) + (last == 'A' ? 'B' : 'A'))).isFalse();
    assertThat(csrf.verify("pending:1", t.substring(1))).isFalse();
    assertThat(csrf.verify("pending:1", t + "=")).isFalse();
    assertThat(csrf.verify("pending:1", t + "A")).isFalse();
    assertThat(csrf.verify("pending:1", t.toUpperCase())).isFalse();
  }

  @Test
  void nullAndGarbageAreFalseNotExceptions() {
    String t = csrf.token("b");
    assertThat(csrf.verify("b", null)).isFalse();
    assertThat(csrf.verify(null, t)).isFalse();
    assertThat(csrf.verify(null, null)).isFalse();
    for (String junk : List.of("", " ", "%%%", "\u0000", "é".repeat(43), "x".repeat(1_000_000), "+/+/")) {
      assertThat(csrf.verify("b", junk)).as(junk.length() > 20 ? "long" : junk).isFalse();
    }
  }

  @Test
  void badKeysAreRefused() {
    assertThatThrownBy(() -> new Csrf(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Csrf(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> csrf.token(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void keyIsCopied() {
    byte[] key = KEY.clone();
    Csrf c = new Csrf(key);
    String t = c.token("x");
    key[0] ^= 1;
    assertThat(c.verify("x", t)).isTrue();
  }

  @Test
  void derivedKeyIsHmacOfTheLabelAndAgreesAcrossInstances() throws Exception {
    byte[] raw = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    SecretKeySpec master = new SecretKeySpec(raw, "AES");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(raw, "HmacSHA256"));
    byte[] expected = mac.doFinal("factorgate csrf key v1".getBytes(StandardCharsets.UTF_8));
    assertThat(Csrf.deriveKey(master)).isEqualTo(expected).hasSize(32).isNotEqualTo(raw);
    String t = new Csrf(Csrf.deriveKey(master)).token("pending:9");
    assertThat(new Csrf(Csrf.deriveKey(new SecretKeySpec(raw.clone(), "AES"))).verify("pending:9", t)).isTrue();
  }

  @Test
  void isThreadSafe() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Boolean>> jobs = IntStream.range(0, 400)
          .<Callable<Boolean>>mapToObj(i -> () -> csrf.verify("b" + i, csrf.token("b" + i)) && !csrf.verify("b" + i, csrf.token("c" + i)))
          .toList();
      for (Future<Boolean> f : pool.invokeAll(jobs)) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
