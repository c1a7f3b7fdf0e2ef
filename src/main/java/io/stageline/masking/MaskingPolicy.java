package io.stageline.masking;

import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import io.stageline.api.v1alpha1.DataMasking;
import io.stageline.api.v1alpha1.DataMasking.Strategy;
import java.util.ArrayList;
import java.util.List;

/**
 * Validated masking rules plus whether the detectors run. Built once from the API's
 * {@link DataMasking}; a bad rule is reported here, before any data is touched.
 */
public final class MaskingPolicy {
  /** A rule that addresses a key (glob with '*'), a JSON path in it, or a CSV column in it. */
  public record Rule(int index, Glob key, JsonPath jsonPath, String jsonPathText, String csvColumn,
      Transform transform) {

    public Strategy strategy() {
      return transform.strategy();
    }

    boolean appliesTo(String dataKey) {
      return key.matches(dataKey);
    }

    boolean wholeValue() {
      return jsonPath == null && csvColumn == null;
    }
  }

  private final List<Rule> rules;
  private final boolean detectors;
  private final Strategy unnamedKeys;

  private MaskingPolicy(List<Rule> rules, boolean detectors, Strategy unnamedKeys) {
    this.rules = List.copyOf(rules);
    this.detectors = detectors;
    this.unnamedKeys = unnamedKeys;
  }

  /**
   * The same rules, and {@code strategy} for every key that no rule names (instead of the
   * detectors alone). Seeding uses it for Secrets, whose passwords and tokens no detector knows.
   */
  public MaskingPolicy withUnnamedKeys(Strategy strategy) {
    return new MaskingPolicy(rules, detectors, strategy);
  }

  /** The strategy for keys no rule names, or null: the detectors decide. */
  public Strategy unnamedKeys() {
    return unnamedKeys;
  }

  /** Detectors only, no rules: what data gets when nothing is declared. */
  public static MaskingPolicy detectorsOnly() {
    return new MaskingPolicy(List.of(), true, null);
  }

  /**
   * Compiles the API rules.
   *
   * @param forceDetectors run the detectors whatever the spec says (data from production)
   * @throws InvalidMaskingRuleException naming the rule and what is wrong with it
   */
  public static MaskingPolicy from(DataMasking spec, boolean forceDetectors) {
    if (spec == null) {
      return detectorsOnly();
    }
    List<Rule> rules = new ArrayList<>();
    List<DataMasking.Rule> declared = spec.getRules() == null ? List.of() : spec.getRules();
    for (int i = 0; i < declared.size(); i++) {
      rules.add(compile(i, declared.get(i)));
    }
    boolean detectors = forceDetectors || !Boolean.FALSE.equals(spec.getDetectors());
    return new MaskingPolicy(rules, detectors, null);
  }

  private static Rule compile(int i, DataMasking.Rule r) {
    String where = "dataMasking.rules[" + i + "]";
    if (r.getKey() == null || r.getKey().isBlank()) {
      throw new InvalidMaskingRuleException(where + ": key is required ('*' for every key)");
    }
    if (r.getStrategy() == null) {
      throw new InvalidMaskingRuleException(where + ": strategy is required");
    }
    if (r.getJsonPath() != null && r.getCsvColumn() != null) {
      throw new InvalidMaskingRuleException(where + ": a rule addresses a JSON path or a CSV column, not both");
    }
    FakeKind kind = null;
    if (r.getFakeKind() != null) {
      kind = FakeKind.parse(r.getFakeKind()).orElseThrow(() -> new InvalidMaskingRuleException(
          where + ": unknown fakeKind '" + r.getFakeKind() + "' (one of " + List.of(FakeKind.values()) + ")"));
    }
    JsonPath path = null;
    if (r.getJsonPath() != null) {
      try {
        path = JsonPath.compile(r.getJsonPath());
      } catch (InvalidPathException | IllegalArgumentException e) {
        throw new InvalidMaskingRuleException(where + ": invalid jsonPath '" + r.getJsonPath() + "'");
      }
    }
    Transform t = Transform.of(r.getStrategy()).withFakeKind(kind).withReplacement(r.getReplacement())
        .withPartial(orDefault(r.getKeepFirst(), 1), orDefault(r.getKeepLast(), 1))
        .withNoise(r.getRatio() == null ? 0.1 : r.getRatio(), orDefault(r.getDays(), 30));
    if (t.keepFirst() < 0 || t.keepLast() < 0 || t.days() < 0 || t.ratio() < 0 || t.ratio() > 1) {
      throw new InvalidMaskingRuleException(where + ": keepFirst, keepLast and days must be >= 0, ratio in 0..1");
    }
    return new Rule(i, new Glob(r.getKey()), path, r.getJsonPath(), r.getCsvColumn(), t);
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }

  public List<Rule> rules() {
    return rules;
  }

  public boolean detectors() {
    return detectors;
  }

  List<Rule> rulesFor(String dataKey) {
    return rules.stream().filter(r -> r.appliesTo(dataKey)).toList();
  }
}
