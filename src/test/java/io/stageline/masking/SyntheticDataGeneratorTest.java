package io.stageline.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stageline.api.v1alpha1.SeedData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticDataGeneratorTest {
  static SeedData.Field field(String name, String kind) {
    SeedData.Field f = new SeedData.Field();
    f.setName(name);
    f.setKind(kind);
    return f;
  }

  static SeedData.Synthetic shape(String format, long seed, int rows, SeedData.Field... fields) {
    SeedData.Synthetic s = new SeedData.Synthetic();
    s.setName("customers");
    s.setFormat(format);
    s.setSeed(seed);
    s.setRows(rows);
    s.setFields(new ArrayList<>(List.of(fields)));
    return s;
  }

  private static SeedData.Field age() {
    SeedData.Field f = field("age", "integer");
    f.setMin(18L);
    f.setMax(99L);
    return f;
  }

  @Test
  void theSameSeedGivesTheSameDataAndAnotherSeedOtherData() {
    SeedData.Field[] fields = {field("id", "sequence"), field("name", "name"), field("email", "email"),
        field("id2", "uuid"), age()};
    String a = SyntheticDataGenerator.generate(shape("csv", 7, 20, fields)).content();
    assertThat(SyntheticDataGenerator.generate(shape("csv", 7, 20, fields)).content()).isEqualTo(a);
    assertThat(SyntheticDataGenerator.generate(shape("csv", 8, 20, fields)).content()).isNotEqualTo(a);
  }

  @Test
  void csvHasAHeaderAndOneLinePerRowWithValuesOfTheDeclaredKinds() {
    SeedData.Synthetic s = shape("csv", 1, 25, field("id", "sequence"), field("email", "email"),
        field("card", "card"), field("iban", "iban"), age(), field("born", "date"), field("vip", "boolean"));
    SyntheticDataGenerator.DataSet set = SyntheticDataGenerator.generate(s);
    assertThat(set.key()).isEqualTo("data.csv");
    List<String> lines = set.content().lines().toList();
    assertThat(lines).hasSize(26);
    assertThat(lines.get(0)).isEqualTo("id,email,card,iban,age,born,vip");
    for (int i = 1; i < lines.size(); i++) {
      String[] c = lines.get(i).split(",");
      assertThat(c[0]).isEqualTo(Integer.toString(i));
      assertThat(c[1]).contains("@example.");
      assertThat(CheckDigits.luhnValid(c[2])).isTrue();
      assertThat(CheckDigits.ibanValid(c[3])).isTrue();
      assertThat(Integer.parseInt(c[4])).isBetween(18, 99);
      assertThat(c[5]).matches("(19[5-9]\\d|200[0-5])-\\d{2}-\\d{2}");
      assertThat(c[6]).isIn("true", "false");
    }
  }

  @Test
  void jsonIsAnArrayOfObjectsWithTypedValues() throws Exception {
    SeedData.Field tier = field("tier", "choice");
    tier.setValues(List.of("gold", "silver"));
    SeedData.Synthetic s = shape("json", 3, 5, field("name", "name"), age(), field("vip", "boolean"), tier);
    s.setKey("customers.json");
    SyntheticDataGenerator.DataSet set = SyntheticDataGenerator.generate(s);
    JsonNode rows = new ObjectMapper().readTree(set.content());
    assertThat(set.key()).isEqualTo("customers.json");
    assertThat(rows.size()).isEqualTo(5);
    assertThat(rows.get(0).get("age").isNumber()).isTrue();
    assertThat(rows.get(0).get("vip").isBoolean()).isTrue();
    assertThat(rows.get(0).get("tier").asText()).isIn("gold", "silver");
  }

  @Test
  void addingAFieldLeavesTheOtherColumnsAsTheyWere() {
    String before = SyntheticDataGenerator.generate(shape("csv", 5, 10, field("name", "name"))).content();
    String after = SyntheticDataGenerator.generate(shape("csv", 5, 10, field("name", "name"), field("x", "uuid"))).content();
    assertThat(after.lines().skip(1).map(l -> l.split(",")[0]).toList())
        .isEqualTo(before.lines().skip(1).toList());
  }

  @Test
  void badShapesAreRejectedWithTheFieldNamed() {
    assertThatThrownBy(() -> SyntheticDataGenerator.generate(shape("csv", 1, 1, field("x", "shoeSize"))))
        .hasMessageContaining("field x").hasMessageContaining("shoeSize");
    assertThatThrownBy(() -> SyntheticDataGenerator.generate(shape("xml", 1, 1, field("x", "name"))))
        .hasMessageContaining("format");
    assertThatThrownBy(() -> SyntheticDataGenerator.generate(shape("csv", 1, 1))).hasMessageContaining("field");
    assertThatThrownBy(() -> SyntheticDataGenerator.generate(shape("csv", 1, 1, field("x", "choice"))))
        .hasMessageContaining("values");
    assertThatThrownBy(() -> SyntheticDataGenerator.generate(shape("csv", 1, 10_000,
        field("a", "address"), field("b", "address"), field("c", "address"), field("d", "address"))))
        .hasMessageContaining("ConfigMap");
  }
}
