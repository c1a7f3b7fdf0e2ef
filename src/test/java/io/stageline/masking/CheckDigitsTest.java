package io.stageline.masking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CheckDigitsTest {
  @Test
  void luhnAcceptsKnownTestCardsAndRejectsTypos() {
    assertThat(CheckDigits.luhnValid("4111111111111111")).isTrue();
    assertThat(CheckDigits.luhnValid("5500005555555559")).isTrue();
    assertThat(CheckDigits.luhnValid("378282246310005")).isTrue();
    assertThat(CheckDigits.luhnValid("4111111111111112")).isFalse();
    assertThat(CheckDigits.luhnCheckDigit("411111111111111")).isEqualTo('1');
  }

  @Test
  void ibanMod97AcceptsPublishedExamplesAndRejectsTypos() {
    assertThat(CheckDigits.ibanValid("GB82WEST12345698765432")).isTrue();
    assertThat(CheckDigits.ibanValid("DE89370400440532013000")).isTrue();
    assertThat(CheckDigits.ibanValid("FR1420041010050500013M02606")).isTrue();
    assertThat(CheckDigits.ibanValid("DE89370400440532013001")).isFalse();
    assertThat(CheckDigits.ibanCheckDigits("DE", "370400440532013000")).isEqualTo("89");
  }

  @Test
  void germanTaxIdUsesIso7064Mod1110() {
    assertThat(CheckDigits.germanTaxIdValid("86095742719")).isTrue();
    assertThat(CheckDigits.germanTaxIdValid("86095742718")).isFalse();
    assertThat(CheckDigits.germanTaxIdValid("06095742719")).isFalse();
  }
}
