package io.stageline.masking;

import java.util.Map;
import java.util.TreeMap;

/** What a masking run changed: values masked by rules and detectors, and detector hits by detector. */
public final class MaskingStats {
  private long maskedValues;
  private final Map<String, Long> detectorHits = new TreeMap<>();

  void masked() {
    maskedValues++;
  }

  void detected(PiiDetector detector) {
    maskedValues++;
    detectorHits.merge(detector.id(), 1L, Long::sum);
  }

  public long maskedValues() {
    return maskedValues;
  }

  public long detectorHitsTotal() {
    return detectorHits.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Hits per detector id, sorted by id. */
  public Map<String, Long> detectorHits() {
    return Map.copyOf(detectorHits);
  }

  public void add(MaskingStats other) {
    maskedValues += other.maskedValues;
    other.detectorHits.forEach((k, v) -> detectorHits.merge(k, v, Long::sum));
  }

  @Override
  public String toString() {
    return "masked=" + maskedValues + " detectorHits=" + detectorHits;
  }
}
