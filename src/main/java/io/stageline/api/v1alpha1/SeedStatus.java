package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/** What seeding copied and how much the PII detectors caught. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SeedStatus {
  private List<String> objects = new ArrayList<>();
  private Long maskedValues;
  private Long detectorHits;

  public List<String> getObjects() {
    return objects;
  }

  public void setObjects(List<String> objects) {
    this.objects = objects;
  }

  public Long getMaskedValues() {
    return maskedValues;
  }

  public void setMaskedValues(Long maskedValues) {
    this.maskedValues = maskedValues;
  }

  public Long getDetectorHits() {
    return detectorHits;
  }

  public void setDetectorHits(Long detectorHits) {
    this.detectorHits = detectorHits;
  }
}
