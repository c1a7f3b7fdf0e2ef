package io.stageline.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Nearest-rank percentiles of a sample. */
final class Percentiles {
  private final List<Double> sorted;

  Percentiles(Collection<Double> values) {
    this.sorted = new ArrayList<>(values);
    this.sorted.sort(Double::compare);
  }

  double p(double percentile) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  int size() {
    return sorted.size();
  }
}
