package io.stageline.environment.dependent;

import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the API server does to a quota or LimitRange before storing it, so that the operator compares
 * its desired object with the stored one by meaning: quantities by value (the server rewrites {@code 1000m}
 * as {@code 1} and {@code 1024Mi} as {@code 1Gi}, and rounds non-zero amounts up to {@code 1n}), and
 * LimitRange items with the defaults the server fills in ({@code SetDefaults_LimitRangeItem}).
 */
final class ServerDefaults {
  private ServerDefaults() {}

  /** The same resources, each amount written as its plain value, so equal amounts compare equal. */
  static Map<String, Quantity> byValue(Map<String, Quantity> resources) {
    if (resources == null) {
      return null;
    }
    Map<String, Quantity> values = new TreeMap<>();
    resources.forEach((name, quantity) -> values.put(name, new Quantity(value(quantity).toPlainString())));
    return values;
  }

  private static BigDecimal value(Quantity quantity) {
    BigDecimal value = quantity.getNumericalAmount();
    if (value.scale() > 9) {
      value = value.setScale(9, RoundingMode.UP);
    }
    return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
  }

  /**
   * A Container item as the server stores it: per resource, {@code max} fills a missing {@code default},
   * then {@code default}, else {@code min}, fills a missing {@code defaultRequest}.
   */
  static void defaultContainerItem(LimitRangeItem item) {
    if (!"Container".equals(item.getType())) {
      return;
    }
    Map<String, Quantity> defaults = item.getDefault() == null ? new TreeMap<>() : new TreeMap<>(item.getDefault());
    Map<String, Quantity> requests = item.getDefaultRequest() == null ? new TreeMap<>()
        : new TreeMap<>(item.getDefaultRequest());
    copyMissing(item.getMax(), defaults);
    copyMissing(defaults, requests);
    copyMissing(item.getMin(), requests);
    item.setDefault(defaults.isEmpty() ? null : defaults);
    item.setDefaultRequest(requests.isEmpty() ? null : requests);
  }

  private static void copyMissing(Map<String, Quantity> from, Map<String, Quantity> into) {
    if (from != null) {
      from.forEach(into::putIfAbsent);
    }
  }
}
