package io.stageline.masking;

import java.util.Map;
import java.util.TreeMap;

/** What a masking run changed: values masked by rules and detectors, and detector hits by detector. */
public final class MaskingStats {
  private long maskedValues;
  // by detector ordinal: counted on the hot path without boxing, summed by id when read
  private final long[] hits = new long[PiiDetector.values().length];
  private final Map<String, Long> added = new TreeMap<>();

  void masked() {
    maskedValues++;
  }

  void detected(PiiDetector detector) {
    maskedValues++;
    hits[detector.ordinal()]++;
  }

  private Map<String, Long> byId() {
    Map<String, Long> byId = new TreeMap<>(added);
    for (PiiDetector d : PiiDetector.values()) {
      if (hits[d.ordinal()] > 0) {
        byId.merge(d.id(), hits[d.ordinal()], Long::sum);
      }
    }
    return byId;
  }

  public long maskedValues() {
    return maskedValues;
  }

  public long detectorHitsTotal() {
    return byId().values().stream().mapToLong(Long::longValue).sum();
  }

  /** Hits per detector id, sorted by id. */
  public Map<String, Long> detectorHits() {
    return Map.copyOf(byId());
  }

  public void add(MaskingStats other) {
    maskedValues += other.maskedValues;
    other.byId().forEach((k, v) -> added.merge(k, v, Long::sum));
  }

  @Override
  public String toString() {
    return "masked=" + maskedValues + " detectorHits=" + byId();
  }
}
