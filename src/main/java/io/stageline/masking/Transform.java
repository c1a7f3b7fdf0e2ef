package io.stageline.masking;

import io.stageline.api.v1alpha1.DataMasking.Strategy;

/**
 * A strategy with its parameters, as one rule declares it.
 *
 * @param fakeKind for fake; null: what the detectors recognise, else keepFormat
 * @param replacement for redact
 * @param keepFirst for partial
 * @param keepLast for partial
 * @param ratio for noise on numbers
 * @param days for noise on dates
 */
public record Transform(Strategy strategy, FakeKind fakeKind, String replacement, int keepFirst, int keepLast,
    double ratio, int days) {

  public static Transform of(Strategy strategy) {
    return new Transform(strategy, null, null, 1, 1, 0.1, 30);
  }

  public Transform withFakeKind(FakeKind kind) {
    return new Transform(strategy, kind, replacement, keepFirst, keepLast, ratio, days);
  }

  public Transform withReplacement(String text) {
    return new Transform(strategy, fakeKind, text, keepFirst, keepLast, ratio, days);
  }

  public Transform withPartial(int first, int last) {
    return new Transform(strategy, fakeKind, replacement, first, last, ratio, days);
  }

  public Transform withNoise(double noiseRatio, int noiseDays) {
    return new Transform(strategy, fakeKind, replacement, keepFirst, keepLast, noiseRatio, noiseDays);
  }
}
