package dev.factorgate.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pure parts of an import: lines, CSV fields, timestamps, phone numbers. */
class ImportParsingTest {

  @Test
  void timestampsMustBeIsoWithAZone() {
    assertThat(IsoTimestamps.canonical("2025-01-31")).isEqualTo("2025-01-31T00:00:00Z");
    assertThat(IsoTimestamps.canonical("2025-01-31T08:00:00Z")).isEqualTo("2025-01-31T08:00:00Z");
    assertThat(IsoTimestamps.canonical("2025-01-31T08:00Z")).isEqualTo("2025-01-31T08:00:00Z");
    assertThat(IsoTimestamps.canonical("2025-01-31 08:00:00.123456+08:00")).isEqualTo("2025-01-31T08:00:00.123456+08:00");
    assertThat(IsoTimestamps.canonical("2025-01-31T08:00:00,5-0530")).isEqualTo("2025-01-31T08:00:00.5-05:30");
    assertThat(IsoTimestamps.canonical("2024-02-29T23:59:59+01")).isEqualTo("2024-02-29T23:59:59+01:00");
    assertThat(IsoTimestamps.canonical("2025-01-31T08:00+14:00")).isEqualTo("2025-01-31T08:00:00+14:00");
    for (String bad : new String[] {"2025-01-31T08:00:00", "2025-02-29", "2025-13-01", "2025-1-1", "31/01/2025", "1969-12-31",
        "2200-01-01", "2025-01-31T24:00:00Z", "2025-01-31T08:60Z", "2025-01-31T08:00:00.Z", "2025-01-31T08:00:00Zjunk",
        "2025-01-31T08:00:00+19:00", "2025-01-31T08:00+18:30", "2025-01-31T08:00+15:00", "2025-01-31T08:00-14:01", "２０２５-01-31", "2025-01-31T08:00:00.1234567890Z", "now"}) {
      assertThat(IsoTimestamps.canonical(bad)).as(bad).isNull();
    }
  }

  @Test
  void csvFieldsFollowRfc4180OnOneLine() {
    assertThat(ImportFields.Csv.split("a,b,,d")).containsExactly("a", "b", "", "d");
    assertThat(ImportFields.Csv.split("\"a,b\",\"say \"\"hi\"\"\", c")).containsExactly("a,b", "say \"hi\"", " c");
    assertThat(ImportFields.Csv.split("")).containsExactly("");
    assertThat(ImportFields.Csv.split("a,")).containsExactly("a", "");
    for (String broken : new String[] {"\"open", "a\"b,c", "\"a\"b,c", "x,\"y"}) {
      assertThatThrownBy(() -> ImportFields.Csv.split(broken)).as(broken).isInstanceOf(ImportFields.LineRejected.class)
          .hasMessageStartingWith("broken CSV quoting");
    }
  }

  @Test
  void aCsvHeaderMayOrderAndOmitColumnsButMustNameUserId() {
    ImportFields f = ImportFields.of(ImportFormat.CSV);
    f.header("\uFEFFEmail, USER_ID");
    assertThat(f.read("a@example.com,u1")).containsExactly("u1", null, "a@example.com", null, null);
    assertThatThrownBy(() -> f.read("only-one")).hasMessage("expected 2 fields, found 1");
    assertThatThrownBy(() -> ImportFields.of(ImportFormat.CSV).header("phone,email")).hasMessageContaining("user_id");
  }

  @Test
  void linesAreSplitWithoutHoldingMoreThanOne() throws IOException {
    byte[] input = ("one\r\ntwo\n\n" + "x".repeat(100) + "\nlast").getBytes(StandardCharsets.UTF_8);
    LineReader r = new LineReader(new ByteArrayInputStream(input), 50);
    List<String> lines = new ArrayList<>();
    for (LineReader.Line l = r.next(); l != null; l = r.next()) {
      lines.add(l.number() + ":" + l.text());
    }
    assertThat(lines).containsExactly("1:one", "2:two", "3:", "4:null", "5:last");
    assertThat(r.bytesRead()).isEqualTo(input.length);
    assertThat(new LineReader(new ByteArrayInputStream(new byte[0]), 50).next()).isNull();
  }

  @Test
  void theE164FastPathAgreesWithLibphonenumberEverywhere() {
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    PhoneNumbers phones = new PhoneNumbers("CN", List.of());
    int checked = 0;
    Set<String> regions = util.getSupportedRegions();
    for (String region : regions) {
      for (PhoneNumberUtil.PhoneNumberType type : PhoneNumberUtil.PhoneNumberType.values()) {
        PhoneNumber example = util.getExampleNumberForType(region, type);
        if (example == null) {
          continue;
        }
        String e164 = util.format(example, PhoneNumberUtil.PhoneNumberFormat.E164);
        String slow;
        try {
          PhoneNumber parsed = util.parse(e164, "ZZ");
          slow = util.isValidNumber(parsed) ? util.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164) : null;
        } catch (com.google.i18n.phonenumbers.NumberParseException e) {
          slow = null;
        }
        assertThat(phones.normalise(e164)).as(region + " " + type + " " + e164).isEqualTo(slow);
        String fast = PhoneNumbers.canonicalE164(e164);
        if (fast != null) {
          assertThat(fast).isEqualTo(slow);
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(1000);
    assertThat(PhoneNumbers.canonicalE164("+8613800138000")).isEqualTo("+8613800138000");
    assertThat(PhoneNumbers.canonicalE164("+86 138 0013 8000")).isNull();
    assertThat(phones.normalise("+86 138 0013 8000")).isEqualTo("+8613800138000");
    assertThat(PhoneNumbers.canonicalE164("+8612345")).isNull();
    assertThat(PhoneNumbers.canonicalE164("+0123456789")).isNull();
    assertThat(PhoneNumbers.canonicalE164("+99912345678")).isNull();
  }
}
