package io.stageline.masking.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.stageline.masking.Glob;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CopyTextTest {
  @Test
  void fieldsSplitAtTabsDecodeEscapesAndEncodeBackToTheSameBytes() {
    byte[] row = "1\tline\\none\\ttab \\\\ back\t\\N\tgr\u00fc\u00df \\x41\\101\n".getBytes(StandardCharsets.UTF_8);
    int[] bounds = new int[5];
    assertThat(CopyText.split(row, row.length, bounds)).isEqualTo(4);
    assertThat(CopyText.decode(row, bounds[1], bounds[2] - 1)).isEqualTo("line\none\ttab \\ back");
    assertThat(CopyText.isNull(row, bounds[2], bounds[3] - 1)).isTrue();
    assertThat(CopyText.decode(row, bounds[3], bounds[4] - 1)).isEqualTo("gr\u00fc\u00df AA");
    CopyText.Buffer out = new CopyText.Buffer(4);
    CopyText.encode("line\none\ttab \\ back", out);
    out.write('\t');
    CopyText.encode(null, out);
    CopyText.encode("plain gr\u00fc\u00df", out);
    CopyText.encode("\u0001\r\b\f\u000b", out);
    assertThat(out.toString()).isEqualTo("line\\none\\ttab \\\\ back\t\\Nplain gr\u00fc\u00df\u0001\\r\\b\\f\\v");
  }

  @Test
  void tableGlobsMatchSchemaQualifiedOrBareNamesInLinearTime() {
    assertThat(new Glob("audit_*").matchesTable("public", "audit_log")).isTrue();
    assertThat(new Glob("public.*").matchesTable("public", "orders")).isTrue();
    assertThat(new Glob("public.*").matchesTable("sales", "orders")).isFalse();
    assertThat(new Glob("*a*a*a*a*a*b").matches("a".repeat(5000))).isFalse();
  }
}
