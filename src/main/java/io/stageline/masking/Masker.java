package io.stageline.masking;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.stageline.api.v1alpha1.DataMasking.Strategy;

/**
 * Masks the data of ConfigMaps and Secrets key by key: a rule addresses a whole key's value, a JSON
 * path inside it or a CSV column inside it; then the detectors scrub whatever no rule named. Content
 * that a rule says is JSON or CSV but that does not parse is redacted whole (fail closed). One
 * Masker per masking run; it accumulates {@link #stats()} and {@link #notes()} (which name keys,
 * rules and columns, never data).
 */
public final class Masker {
  private final MaskingPolicy policy;
  private final ValueMasker values;
  private final MaskingStats stats = new MaskingStats();
  private final List<String> notes = new ArrayList<>();
  private final JsonContentMasker json;
  private final CsvContentMasker csv;
  private MaskingBudget budget = MaskingBudget.NONE;

  public Masker(MaskingPolicy policy, MaskingKey key) {
    this.policy = policy;
    this.values = new ValueMasker(key, stats);
    this.json = new JsonContentMasker(values, notes);
    this.csv = new CsvContentMasker(values, notes);
  }

  /**
   * Bounds this masker's run: once {@code budget} has passed on {@code clock}, masking throws
   * {@link MaskingBudgetExceededException}, between values and inside one (each JSON or CSV value,
   * each scan, each few thousand characters a detector reads), so no data set and no single value
   * can hold a reconcile thread for long.
   */
  public Masker withBudget(java.time.Clock clock, java.time.Duration budget) {
    this.budget = new MaskingBudget(clock, clock.instant().plus(budget));
    values.budget(this.budget);
    return this;
  }

  /** Masks every key; keys a {@code remove} rule names are left out. */
  public Map<String, String> maskAll(Map<String, String> data) {
    Map<String, String> out = new LinkedHashMap<>();
    if (data != null) {
      data.forEach((k, v) -> {
        String masked = mask(k, v);
        if (masked != null) {
          out.put(maskKey(k), masked);
        }
      });
    }
    return out;
  }

  /**
   * A key scanned like a value (a ConfigMap key can hold a phone number or a card number): what the
   * detectors find is faked, and characters a key may not contain become '-'. Rules match the
   * original key.
   */
  public String maskKey(String key) {
    if (!policy.detectors() || key == null) {
      return key;
    }
    String scrubbed = values.scrub(key);
    return scrubbed.equals(key) ? key : scrubbed.replaceAll("[^-._a-zA-Z0-9]", "-");
  }

  /**
   * Masks one key's value; {@code null} when a {@code remove} rule names the key. A UTF-8 byte order
   * mark before the content is kept and does not hide a JSON document or a CSV header from the rules.
   */
  public String mask(String key, String value) {
    budget.check();
    if (value != null && value.startsWith(BOM)) {
      String masked = maskContent(key, value.substring(1));
      return masked == null ? null : BOM + masked;
    }
    return maskContent(key, value);
  }

  private static final String BOM = "\uFEFF";

  /**
   * Masks one key's value (after any byte order mark); {@code null} when a {@code remove} rule names the key. The {@code null}
   * strategy on a whole value leaves an empty string.
   */
  private String maskContent(String key, String value) {
    List<MaskingPolicy.Rule> rules = policy.rulesFor(key);
    for (MaskingPolicy.Rule rule : rules) {
      if (rule.wholeValue()) {
        if (rule.strategy() == Strategy.remove) {
          stats.masked();
          return null;
        }
        if (value == null || value.isEmpty()) {
          return value;
        }
        String masked = values.apply(rule.transform(), value);
        return masked == null ? "" : masked;
      }
    }
    if (value == null || value.isEmpty()) {
      return value;
    }
    if (rules.isEmpty() && policy.unnamedKeys() != null) {
      String masked = values.apply(policy.unnamedKeys(), null, value);
      return masked == null ? "" : masked;
    }
    List<MaskingPolicy.Rule> jsonRules = rules.stream().filter(r -> r.jsonPath() != null).toList();
    List<MaskingPolicy.Rule> csvRules = rules.stream().filter(r -> r.csvColumn() != null).toList();
    if (!jsonRules.isEmpty()) {
      return json.mask(key, value, jsonRules, policy.detectors(), true);
    }
    if (!csvRules.isEmpty()) {
      return csv.mask(key, value, csvRules, policy.detectors());
    }
    if (!policy.detectors()) {
      return value;
    }
    if (JsonContentMasker.looksLikeJson(value)) {
      return json.mask(key, value, List.of(), true, false);
    }
    return values.scrub(value);
  }

  /**
   * Masks a binary value (a Secret's decoded bytes). Text is masked as text; bytes that are not
   * UTF-8 cannot be inspected and are dropped (an empty value), which is the only safe choice.
   * Returns {@code null} when a {@code remove} rule names the key.
   */
  public byte[] maskBytes(String key, byte[] value) {
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(value)).toString();
      String masked = mask(key, text);
      return masked == null ? null : masked.getBytes(StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      stats.masked();
      notes.add("key " + key + ": binary value removed (not UTF-8 text, cannot be inspected)");
      return new byte[0];
    }
  }

  public MaskingStats stats() {
    return stats;
  }

  public List<String> notes() {
    return List.copyOf(notes);
  }

  public MaskingPolicy policy() {
    return policy;
  }
}
