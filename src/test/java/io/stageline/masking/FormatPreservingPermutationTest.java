package io.stageline.masking;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FormatPreservingPermutationTest {
  private final FormatPreservingPermutation fpe =
      new FormatPreservingPermutation(MaskingKey.of("permutation-key-0123".getBytes(StandardCharsets.UTF_8)));

  @Test
  void distinctValuesOfASmallDomainStayDistinctAndKeepTheirLayout() {
    Set<String> out = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String in = String.format("A%03d-x", i);
      String masked = fpe.permuteText(in, "t");
      assertThat(masked).matches("[A-Z]\\d{3}-[a-z]");
      out.add(masked);
    }
    assertThat(out).hasSize(1000);
  }

  @Test
  void distinctValuesOfALargeDomainStayDistinctUnderFf1AndRepeatExactly() {
    Set<String> out = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      String in = "user" + i + "@corp.example";
      String masked = fpe.permuteText(in, "t");
      assertThat(masked).hasSameSizeAs(in).contains("@").isNotEqualTo(in);
      assertThat(fpe.permuteText(in, "t")).isEqualTo(masked);
      out.add(masked);
    }
    assertThat(out).hasSize(2000);
  }

  @Test
  void integersKeepSignDigitCountAndTheTypesRangeAndStayDistinct() {
    BigInteger min = BigInteger.valueOf(Short.MIN_VALUE);
    BigInteger max = BigInteger.valueOf(Short.MAX_VALUE);
    Set<String> out = new HashSet<>();
    for (int i = 10000; i <= 32767; i++) {
      String masked = fpe.permuteInteger(String.valueOf(i), min, max, "int");
      assertThat(Integer.parseInt(masked)).isBetween(10000, 32767);
      out.add(masked);
    }
    assertThat(out).hasSize(32767 - 10000 + 1);
    assertThat(fpe.permuteInteger("-42", min, max, "int")).matches("-[1-9]\\d");
    assertThat(fpe.permuteInteger("0", min, max, "int")).isEqualTo("0");
  }

  @Test
  void anotherKeyGivesAnotherPermutation() {
    FormatPreservingPermutation other =
        new FormatPreservingPermutation(MaskingKey.of("another-key-01234567".getBytes(StandardCharsets.UTF_8)));
    assertThat(other.permuteText("jane.doe@corp.example", "t")).isNotEqualTo(fpe.permuteText("jane.doe@corp.example", "t"));
  }
}
