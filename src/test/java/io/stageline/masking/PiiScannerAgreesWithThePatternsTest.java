package io.stageline.masking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scanner (one pre-filter pass, hand-written matchers for the frequent detectors) finds exactly
 * what the detectors' patterns find, on texts built to sit on the patterns' edges: identifiers of
 * every kind, cut, glued to words and to each other, with every separator the patterns know.
 */
class PiiScannerAgreesWithThePatternsTest {
  private static final String[] PIECES = {
      "4111 1111 1111 1111", "4111111111111111", "4111-1111-1111-1111", "4111.1111.1111.1111", "5500005555555559",
      "4111 1111 1111 1112", "1234567890123.456", "DE89 3704 0044 0532 0130 00", "de89370400440532013000",
      "GB82 WEST 1234 5698 7654 32", "DE89370400440532013001", "jane.doe@corp.example", "jürgen@bücher.example",
      "a@b.c", "x@y@z.com", "+49 30 1234567", "+14155552671", "(415) 555-2671", "020 7946 0958", "07700 900123",
      "+44 7700 900458", "030 1234567", "203.0.113.42", "127.0.0.1", "10.0.0.256", "1.2.3.4.5", "01.2.3.4",
      "123-45-6789", "SSN: 123456789", "social security number 123 45 6789", "AB 12 34 56 C", "AB123456C",
      "QQ123456C", "86095742719", "86095742718", "2024-01-15", "order 12345", "ss# 123456789", "+1 202-555-0134",
      // an international number with a national one's shape inside, and the dashed SSN's near misses
      "+1 (202) 555-0139", "1-202-555-0139", "+44 (0)20 7946 0958", "+44 020 7946 0958 12", "+1 202-555-0139 ext 12",
      "123-45-67890", "0123-45-6789", "123-456-7890", "de89 3704 0044 0532 0130 00", "4111111111111111_"};
  private static final String[] GLUE = {" ", "", "_", "-", ".", ", ", " - ", "+", "x", "(", ")", "\n", "  ", "/", "@", "é"};

  @Test
  void findsWhatThePatternsFindOnEdgeCases() {
    SplittableRandom random = new SplittableRandom(17);
    for (int i = 0; i < 30_000; i++) {
      StringBuilder sb = new StringBuilder();
      int parts = 1 + random.nextInt(4);
      for (int p = 0; p < parts; p++) {
        String piece = PIECES[random.nextInt(PIECES.length)];
        if (random.nextInt(4) == 0) {
          int cut = random.nextInt(piece.length() + 1);
          piece = random.nextBoolean() ? piece.substring(0, cut) : piece.substring(cut);
        }
        sb.append(GLUE[random.nextInt(GLUE.length)]).append(piece);
      }
      sb.append(GLUE[random.nextInt(GLUE.length)]);
      String text = sb.toString();
      assertThat(PiiScanner.scan(text)).as(text).isEqualTo(PiiScanner.scanWithPatterns(text));
    }
  }

  /** The gaps of issue 17 and the shapes the pre-filter now tells apart, each found as the patterns find it. */
  @ParameterizedTest
  @ValueSource(strings = {
      "iban de89 3704 0044 0532 0130 00 please", "card 4111.1111.1111.1111 on file", "card_4111111111111111_expired",
      "call 020 7946 0958 today", "mobile 07700 900123", "SSN: 123456789 on the form",
      "social security number 123 45 6789", "write to jürgen.müller@bücher.example", "mail 用户@例子.广告 now",
      "call +1 202-555-0139 or (202) 555-0139", "+44 (0)20 7946 0958", "+1 202-555-0139 020 7946 0958",
      "ssn 123-45-6789, order 123-456-7890", "NINO AB 12 34 56 C and DE89370400440532013000",
      "AB 12 34 56 C, ab 12 34 56 c and AB 12 34 56 E"})
  void findsTheGapCasesAsThePatternsDo(String text) {
    assertThat(PiiScanner.scan(text)).isNotEmpty().isEqualTo(PiiScanner.scanWithPatterns(text));
  }

  @Test
  void findsWhatThePatternsFindInRandomCharacters() {
    SplittableRandom random = new SplittableRandom(23);
    String alphabet = "0123456789012345678901234567890123456789 .-()+@_abcDEFxyzSN#\u00e9";
    for (int i = 0; i < 30_000; i++) {
      int length = 7 + random.nextInt(40);
      StringBuilder sb = new StringBuilder(length);
      for (int k = 0; k < length; k++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String text = sb.toString();
      assertThat(PiiScanner.scan(text)).as(text).isEqualTo(PiiScanner.scanWithPatterns(text));
    }
  }
}
