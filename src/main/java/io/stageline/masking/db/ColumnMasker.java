package io.stageline.masking.db;

import io.stageline.api.v1alpha1.DataMasking;
import io.stageline.api.v1alpha1.DataMasking.Strategy;
import io.stageline.api.v1alpha1.DatabaseRefresh.ColumnRule;
import io.stageline.masking.FakeKind;
import io.stageline.masking.FormatPreservingPermutation;
import io.stageline.masking.InvalidMaskingRuleException;
import io.stageline.masking.Masker;
import io.stageline.masking.MaskingKey;
import io.stageline.masking.MaskingPolicy;
import io.stageline.masking.Transform;
import io.stageline.masking.ValueMasker;
import io.stageline.masking.db.Catalog.Column;
import io.stageline.masking.db.Catalog.Table;
import io.stageline.masking.db.Catalog.TypeKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How one column's values are masked, decided once per run from the column's type, whether it is a
 * key (unique or referencing), and the rules that name it. Types and formats are kept: integers stay
 * integers inside their type's range, dates stay dates, text stays within its declared length, keys
 * stay distinct and references still join (the same value masks alike in every table).
 */
final class ColumnMasker {
  private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?");
  private static final Pattern DATE_PREFIX = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}");
  private static final Set<Strategy> PERMUTABLE = Set.of(Strategy.fake, Strategy.keepFormat, Strategy.hash, Strategy.noise);
  private static final String VALUE = "value";

  /** What one thread's columns share: one key, the permutation, the values masker, and the run's permutation cache. */
  record Shared(MaskingKey key, ValueMasker values, FormatPreservingPermutation permutation, PermutationCache cache) {}

  private enum Mode { PASS, NULL, REPLACE, TEXT_RULE, TEXT_PERMUTE, DETECT, JSON, INTEGER, DECIMAL, DATE, UUID }

  private final Column column;
  private final Shared shared;
  private final Mode mode;
  private final Transform transform;
  private final Masker masker;
  private final String replacement;

  private ColumnMasker(Column column, Shared shared, Mode mode, Transform transform, Masker masker, String replacement) {
    this.column = column;
    this.shared = shared;
    this.mode = mode;
    this.transform = transform;
    this.masker = masker;
    this.replacement = replacement;
  }

  boolean passThrough() {
    return mode == Mode.PASS;
  }

  /** The masker of the JSON and detector modes (for its stats), or null. */
  Masker masker() {
    return masker;
  }

  /**
   * Plans a column; a rule that cannot keep the column's type or uniqueness is refused here, before
   * any data is read.
   */
  static ColumnMasker plan(Table table, Column column, List<ColumnRule> rules, boolean masking, boolean detectors,
      Shared shared) {
    String where = "column " + table + "." + column.name() + " (" + column.type() + ")";
    if (!masking) {
      return new ColumnMasker(column, shared, Mode.PASS, null, null, null);
    }
    List<ColumnRule> whole = rules.stream().filter(r -> r.getJsonPath() == null).toList();
    List<ColumnRule> paths = rules.stream().filter(r -> r.getJsonPath() != null).toList();
    if (whole.isEmpty() && paths.isEmpty()) {
      if (!detectors || (column.kind() != TypeKind.TEXT && column.kind() != TypeKind.JSON)) {
        return new ColumnMasker(column, shared, Mode.PASS, null, null, null);
      }
      return new ColumnMasker(column, shared, column.kind() == TypeKind.JSON ? Mode.JSON : Mode.DETECT, null,
          masker(List.of(), detectors, shared, where), null);
    }
    if (whole.isEmpty()) {
      if (column.kind() != TypeKind.JSON) {
        throw new InvalidMaskingRuleException(where + ": jsonPath rules apply to json and jsonb columns only");
      }
      return new ColumnMasker(column, shared, Mode.JSON, null, masker(paths, detectors, shared, where), null);
    }
    ColumnRule rule = whole.get(0);
    Transform t = transform(rule, where);
    Strategy s = t.strategy();
    if (s == Strategy.nullify) {
      return new ColumnMasker(column, shared, Mode.NULL, t, null, null);
    }
    if (column.key() && !PERMUTABLE.contains(s) && s != Strategy.nullify) {
      throw new InvalidMaskingRuleException(where + ": strategy " + s + " would make the values of a unique or "
          + "referencing column collide; use fake, keepFormat, hash, noise or null");
    }
    return switch (column.kind()) {
      case TEXT -> {
        if (s == Strategy.redact) {
          yield new ColumnMasker(column, shared, Mode.REPLACE, t, null,
              t.replacement() == null ? ValueMasker.REDACTED : t.replacement());
        }
        yield new ColumnMasker(column, shared, column.key() ? Mode.TEXT_PERMUTE : Mode.TEXT_RULE, t, null, null);
      }
      case JSON -> {
        if (s == Strategy.redact) {
          String text = t.replacement() == null ? ValueMasker.REDACTED : t.replacement();
          yield new ColumnMasker(column, shared, Mode.REPLACE, t, null,
              '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"');
        }
        ColumnRule all = copyWithPath(rule, "$");
        yield new ColumnMasker(column, shared, Mode.JSON, t, masker(List.of(all), detectors, shared, where), null);
      }
      case INTEGER -> numeric(column, shared, t, where, Mode.INTEGER);
      case DECIMAL -> {
        if (column.key() && s != Strategy.nullify) {
          throw new InvalidMaskingRuleException(where + ": a unique or referencing decimal column can only be set to null");
        }
        yield numeric(column, shared, t, where, Mode.DECIMAL);
      }
      case DATE, TIMESTAMP -> {
        if (s == Strategy.redact) {
          yield new ColumnMasker(column, shared, Mode.NULL, t, null, null);
        }
        if (s == Strategy.partial || (column.key() && column.kind() == TypeKind.DATE)) {
          throw new InvalidMaskingRuleException(where + ": dates are masked by noise (a keyed shift of up to 'days'), "
              + "fake, keepFormat or hash (the same), or null" + (column.key() ? "; a unique date only by null" : ""));
        }
        yield new ColumnMasker(column, shared, Mode.DATE, t, null, null);
      }
      case UUID -> {
        if (s == Strategy.redact) {
          yield new ColumnMasker(column, shared, Mode.NULL, t, null, null);
        }
        if (s == Strategy.partial) {
          throw new InvalidMaskingRuleException(where + ": a uuid is masked by fake, keepFormat, hash or noise "
              + "(a keyed uuid), or null");
        }
        yield new ColumnMasker(column, shared, Mode.UUID, t, null, null);
      }
      case OTHER -> {
        if (s == Strategy.redact) {
          yield new ColumnMasker(column, shared, Mode.NULL, t, null, null);
        }
        throw new InvalidMaskingRuleException(where + ": values of this type can only be masked by null or redact");
      }
    };
  }

  private static ColumnMasker numeric(Column column, Shared shared, Transform t, String where, Mode mode) {
    if (t.strategy() == Strategy.redact) {
      return new ColumnMasker(column, shared, Mode.NULL, t, null, null);
    }
    if (t.strategy() == Strategy.partial) {
      throw new InvalidMaskingRuleException(where + ": partial applies to text; numbers are masked by noise, "
          + "keepFormat, fake, hash or null");
    }
    return new ColumnMasker(column, shared, mode, t, null, null);
  }

  /** The masked value ({@code null}: SQL NULL) of a non-NULL {@code value}. */
  String mask(String value) {
    return switch (mode) {
      case PASS -> value;
      case NULL -> null;
      case REPLACE -> fit(replacement, value);
      case TEXT_RULE -> fit(shared.values().apply(transform, value), value);
      case TEXT_PERMUTE -> permuteText(value);
      case DETECT -> {
        String masked = masker.mask(VALUE, value);
        // a key masked by a detector's fake could collide with another; the permutation cannot
        yield column.key() && !masked.equals(value) ? permuteText(value) : fit(masked, value);
      }
      case JSON -> masker.mask(VALUE, value);
      case INTEGER -> integer(value);
      case DECIMAL -> decimal(value);
      case DATE -> date(value);
      case UUID -> shared.values().fake(FakeKind.uuid, value);
    };
  }

  private String permuteText(String value) {
    if (transform != null && transform.strategy() == Strategy.hash && fits(64)) {
      return shared.values().hash(value);
    }
    return shared.cache().get("", value, v -> shared.permutation().permuteText(v, "text"));
  }

  private boolean fits(int length) {
    return column.maxLength() == null || length <= column.maxLength();
  }

  /** A masked text longer than the column allows keeps the original's format instead (same length). */
  private String fit(String masked, String original) {
    if (masked == null || fits(masked.codePointCount(0, masked.length()))) {
      return masked;
    }
    return shared.values().keepFormat(original);
  }

  private String integer(String value) {
    BigInteger[] range = range(column.rangeType());
    if (transform.strategy() == Strategy.noise && !column.key()) {
      BigInteger noisy = new BigInteger(shared.values().apply(transform, value).strip());
      return noisy.max(range[0]).min(range[1]).toString();
    }
    return shared.cache().get(column.rangeType(), value,
        v -> shared.permutation().permuteInteger(v, range[0], range[1], "int"));
  }

  private String decimal(String value) {
    if (value.equals("NaN") || value.endsWith("Infinity")) {
      return value;
    }
    String plain = PLAIN_DECIMAL.matcher(value).matches() ? value : new BigDecimal(value).toPlainString();
    if (transform.strategy() == Strategy.noise) {
      return shared.values().apply(transform, plain);
    }
    // keepFormat keeps the number of digits on each side of the point (so precision and scale hold)
    String masked = shared.values().keepFormat(plain);
    return new BigDecimal(masked).toPlainString();
  }

  private String date(String value) {
    var m = DATE_PREFIX.matcher(value);
    if (!m.find() || value.endsWith(" BC")) {
      // infinity, -infinity and dates before Christ are kept: they identify nobody
      return value;
    }
    Transform shift = transform.strategy() == Strategy.noise ? transform : Transform.of(Strategy.noise).withNoise(0, 365);
    return shared.values().apply(shift, value.substring(0, 10)) + value.substring(10);
  }

  private static BigInteger[] range(String typname) {
    return switch (typname) {
      case "int2" -> new BigInteger[] {BigInteger.valueOf(Short.MIN_VALUE), BigInteger.valueOf(Short.MAX_VALUE)};
      case "int4" -> new BigInteger[] {BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE)};
      default -> new BigInteger[] {BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE)};
    };
  }

  private static Transform transform(ColumnRule rule, String where) {
    return policy(List.of(rule), false, where).rules().get(0).transform();
  }

  private static Masker masker(List<ColumnRule> rules, boolean detectors, Shared shared, String where) {
    return new Masker(policy(rules, detectors, where), shared.key());
  }

  /** The column's rules as dataMasking rules on one key, so the content maskers and their validation are reused. */
  private static MaskingPolicy policy(List<ColumnRule> rules, boolean detectors, String where) {
    DataMasking spec = new DataMasking();
    spec.setDetectors(detectors);
    for (ColumnRule r : rules) {
      DataMasking.Rule d = new DataMasking.Rule();
      d.setKey(VALUE);
      d.setJsonPath(r.getJsonPath());
      d.setStrategy(r.getStrategy());
      d.setFakeKind(r.getFakeKind());
      d.setReplacement(r.getReplacement());
      d.setKeepFirst(r.getKeepFirst());
      d.setKeepLast(r.getKeepLast());
      d.setRatio(r.getRatio());
      d.setDays(r.getDays());
      spec.getRules().add(d);
    }
    try {
      return MaskingPolicy.from(spec, detectors);
    } catch (InvalidMaskingRuleException e) {
      throw new InvalidMaskingRuleException(where + ": " + e.getMessage().replaceFirst("^dataMasking\\.rules\\[\\d+\\]: ", ""));
    }
  }

  private static ColumnRule copyWithPath(ColumnRule rule, String path) {
    ColumnRule c = new ColumnRule();
    c.setTable(rule.getTable());
    c.setColumn(rule.getColumn());
    c.setJsonPath(path);
    c.setStrategy(rule.getStrategy());
    c.setFakeKind(rule.getFakeKind());
    c.setReplacement(rule.getReplacement());
    c.setKeepFirst(rule.getKeepFirst());
    c.setKeepLast(rule.getKeepLast());
    c.setRatio(rule.getRatio());
    c.setDays(rule.getDays());
    return c;
  }
}
