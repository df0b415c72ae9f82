package dev.factorgate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SafeRedirectTest {

  @ParameterizedTest
  @ValueSource(strings = {
    "//evil.example/x", "/\\evil.example", "\\\\evil.example", "https://evil.example/", "http://evil.example",
    "javascript:alert(1)", "/%2F%2Fevil.example", "/%2f/evil.example", "/%5Cevil.example", "/%252F%252Fevil.example",
    "/a\r\nSet-Cookie: x=1", "/a b", " /x", "", "data:text/html,hi", "//", "///evil.example"
  })
  void refusesEverythingThatLeavesTheSite(String location) {
    assertThat(SafeRedirect.path(location, "site.example")).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/account", "/a/b?x=1&y=%20z", "/%E4%BD%A0%E5%A5%BD", "/path#frag"})
  void keepsSameSitePaths(String location) {
    assertThat(SafeRedirect.path(location, "site.example")).isEqualTo(location);
  }

  @Test
  void reducesAnAbsoluteUrlOnTheSameHostToItsPath() {
    assertThat(SafeRedirect.path("https://site.example/account?tab=2", "site.example")).isEqualTo("/account?tab=2");
    assertThat(SafeRedirect.path("http://site.example:8080/x", "site.example:8080")).isEqualTo("/x");
    assertThat(SafeRedirect.path("http://site.example.evil/x", "site.example")).isNull();
    assertThat(SafeRedirect.path("http://user@site.example/x", "site.example")).isNull();
  }
}
