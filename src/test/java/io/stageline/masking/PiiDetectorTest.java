package io.stageline.masking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PiiDetectorTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "card 4111 1111 1111 1111 on file|CARD",
      "card 4111-1111-1111-1111|CARD",
      "4111111111111111|CARD",
      "iban GB82 WEST 1234 5698 7654 32 ok|IBAN",
      "DE89370400440532013000|IBAN",
      "mail Jane.Doe+news@mail.example.co.uk now|EMAIL",
      "ssn 123-45-6789|US_SSN",
      "NINO AB 12 34 56 C|UK_NINO",
      "nino AB123456C|UK_NINO",
      "Steuer-IdNr 86095742719|DE_TAX_ID",
      "call +49 30 1234567|PHONE",
      "call +14155552671|PHONE",
      "call (415) 555-2671|PHONE",
      "client 203.0.113.42 connected|IPV4"})
  void detectsPersonalData(String text, PiiDetector expected) {
    List<PiiScanner.Finding> found = PiiScanner.scan(text);
    assertThat(found).extracting(PiiScanner.Finding::detector).containsExactly(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "4111 1111 1111 1112",           // Luhn fails
      "DE89370400440532013001",         // mod 97 fails
      "version 1.2.3.4.5",              // not an address
      "listen 127.0.0.1 and 0.0.0.0",   // loopback, unspecified
      "date 2024-01-15 and 12:30:00",
      "order 12345 qty 7",
      "ssn 900-12-3456 is never issued",
      "QQ123456C is the HMRC example prefix",
      "86095742718",                    // tax id check digit fails
      "replicas: 3\nport: 8080\n",
      "no personal data here at all"})
  void ignoresLookalikes(String text) {
    assertThat(PiiScanner.scan(text)).isEmpty();
  }

  @Test
  void classifiesAWholeValueOnly() {
    assertThat(PiiScanner.classify(" jane@example.com ")).contains(PiiDetector.EMAIL);
    assertThat(PiiScanner.classify("mail jane@example.com")).isEmpty();
  }

  @Test
  void findsSeveralKindsInOneText() {
    String text = "Jane <jane@corp.example> paid with 4111111111111111 from 198.51.100.7";
    assertThat(PiiScanner.scan(text)).extracting(PiiScanner.Finding::detector)
        .containsExactly(PiiDetector.EMAIL, PiiDetector.CARD, PiiDetector.IPV4);
  }
}
