package io.stageline.masking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class FakesTest {
  private int run;

  private Entropy entropy() {
    return Entropy.seeded(run++ * 7919L);
  }

  @RepeatedTest(50)
  void fakeIbansKeepCountryLengthAndGroupingAndHaveValidCheckDigits() {
    String fake = Fakes.ibanLike("GB82 WEST 1234 5698 7654 32", entropy());
    assertThat(fake).startsWith("GB").hasSize("GB82 WEST 1234 5698 7654 32".length());
    assertThat(fake.charAt(4)).isEqualTo(' ');
    assertThat(fake.substring(5, 9)).matches("[A-Z]{4}");
    assertThat(CheckDigits.ibanValid(fake.replace(" ", ""))).isTrue();
    assertThat(CheckDigits.ibanValid(Fakes.iban(entropy()))).isTrue();
  }

  @RepeatedTest(50)
  void fakeCardsKeepLengthNetworkAndSeparatorsAndPassLuhn() {
    String fake = Fakes.cardLike("5500-0055-5555-5559", entropy());
    assertThat(fake).matches("5\\d{3}-\\d{4}-\\d{4}-\\d{4}");
    assertThat(CheckDigits.luhnValid(fake.replace("-", ""))).isTrue();
    assertThat(CheckDigits.luhnValid(Fakes.card(entropy()))).isTrue();
  }

  @RepeatedTest(20)
  void fakeNationalIdsAreValidInFormButNeverIssued() {
    assertThat(CheckDigits.germanTaxIdValid(Fakes.germanTaxId(entropy()))).isTrue();
    assertThat(PiiScanner.scan(Fakes.ssn(entropy()))).isEmpty();
    assertThat(PiiScanner.scan(Fakes.nino(entropy()))).isEmpty();
  }

  @Test
  void fakeContactDataUsesReservedRanges() {
    for (int i = 0; i < 30; i++) {
      assertThat(Fakes.email(entropy())).matches("[a-z]+\\.[a-z]+\\d*@example\\.(com|org|net)");
      assertThat(Fakes.phone(entropy())).matches("\\+44 7700 900\\d{3}|\\+1 202-555-01\\d{2}");
      assertThat(Fakes.ipv4(entropy())).startsWith("10.");
      assertThat(Fakes.uuid(entropy())).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }
  }

  @Test
  void fakePhonesKeepLayoutAndCountryCode() {
    assertThat(Fakes.phoneLike("+49 30 1234567", entropy())).matches("\\+49 \\d{2} \\d{7}");
    assertThat(Fakes.phoneLike("(415) 555-2671", entropy())).matches("\\(\\d{3}\\) \\d{3}-\\d{4}");
  }

  @Test
  void keepClassesKeepsLengthCaseDigitsAndPunctuation() {
    String fake = Fakes.keepClasses("AB-12.cd/Zz 9", entropy());
    assertThat(fake).matches("[A-Z]{2}-\\d{2}\\.[a-z]{2}/[A-Z][a-z] \\d");
  }

  @Test
  void everyFakeKindProducesAValueWithoutAnOriginal() {
    for (FakeKind kind : FakeKind.values()) {
      assertThat(kind.fake(entropy(), null)).as(kind.name()).isNotBlank();
    }
    assertThat(FakeKind.parse("IBAN")).contains(FakeKind.iban);
    assertThat(FakeKind.parse("taxid")).contains(FakeKind.taxId);
    assertThat(FakeKind.parse("shoe-size")).isEmpty();
  }
}
