package dev.factorgate.factor.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OtpauthUriTest {

    private static final byte[] SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final String B32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    @Test
    void buildsKeyUriWithSpaceAndAtSignPercentEncoded() {
        String uri = OtpauthUri.build("Example Co", "alice@example.com", SECRET, TotpParameters.DEFAULTS);

        assertThat(uri).isEqualTo("otpauth://totp/Example%20Co:alice%40example.com?secret=" + B32
                + "&issuer=Example%20Co&algorithm=SHA1&digits=6&period=30");
    }

    @Test
    void leavesUnreservedCharactersAsTheyAre() {
        String uri = OtpauthUri.build("ACME-corp_2.0~x", "bob", SECRET, TotpParameters.DEFAULTS);

        assertThat(uri).startsWith("otpauth://totp/ACME-corp_2.0~x:bob?")
                .contains("&issuer=ACME-corp_2.0~x&");
    }

    @Test
    void percentEncodesReservedCharactersAndNeverUsesPlus() {
        String uri = OtpauthUri.build("A+B & C", "x/y?z#w=1", SECRET, TotpParameters.DEFAULTS);

        assertThat(uri).startsWith("otpauth://totp/A%2BB%20%26%20C:x%2Fy%3Fz%23w%3D1?secret=")
                .contains("&issuer=A%2BB%20%26%20C&");
    }

    @Test
    void percentEncodesChineseIssuerAsUtf8() {
        String uri = OtpauthUri.build("示例网站", "13800138000", SECRET, TotpParameters.DEFAULTS);

        String issuer = "%E7%A4%BA%E4%BE%8B%E7%BD%91%E7%AB%99";
        assertThat(uri).isEqualTo("otpauth://totp/" + issuer + ":13800138000?secret=" + B32
                + "&issuer=" + issuer + "&algorithm=SHA1&digits=6&period=30");
    }

    @Test
    void advertisesNonDefaultParameters() {
        TotpParameters p = new TotpParameters(TotpAlgorithm.SHA512, 8, 60, 1);

        assertThat(OtpauthUri.build("Ex", "a", SECRET, p))
                .isEqualTo("otpauth://totp/Ex:a?secret=" + B32 + "&issuer=Ex&algorithm=SHA512&digits=8&period=60");
    }

    @Test
    void writesSecretWithoutPadding() {
        byte[] tenBytes = "1234567890".getBytes(StandardCharsets.US_ASCII);

        assertThat(OtpauthUri.build("Ex", "a", tenBytes, TotpParameters.DEFAULTS))
                .contains("secret=GEZDGNBVGY3TQOJQ&").doesNotContain("=&").doesNotContain("%3D");
    }

    @Test
    void rejectsColonInIssuerOrAccount() {
        assertThatThrownBy(() -> OtpauthUri.build("Ex:Co", "alice", SECRET, TotpParameters.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OtpauthUri.build("Example", "alice:1", SECRET, TotpParameters.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsBlankNamesAndLoneSurrogates() {
        assertThatThrownBy(() -> OtpauthUri.build(" ", "alice", SECRET, TotpParameters.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OtpauthUri.build("Example", "", SECRET, TotpParameters.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OtpauthUri.build("Ex\uD800", "alice", SECRET, TotpParameters.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
