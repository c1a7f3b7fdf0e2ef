package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What seeding copied and how much the PII detectors caught. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class SeedStatus {
  @JsonPropertyDescription("Objects written into the namespace, as Kind/name (from Environment, or synthetic).")
  private List<String> objects = new ArrayList<>();

  @JsonPropertyDescription("Values masked by rules and detectors in the objects as they are now.")
  private Long maskedValues;

  @JsonPropertyDescription("Personal data the built-in detectors found where no rule named it.")
  private Long detectorHits;

  @JsonPropertyDescription("Detector hits by detector (email, phone, card, iban, ipv4, us-ssn, uk-nino, de-tax-id).")
  private Map<String, Long> detectorHitsByDetector;

  @JsonPropertyDescription("Remarks on rules and content (rules that matched nothing, content redacted whole); never data.")
  private List<String> notes = new ArrayList<>();

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

  public Map<String, Long> getDetectorHitsByDetector() {
    return detectorHitsByDetector;
  }

  public void setDetectorHitsByDetector(Map<String, Long> detectorHitsByDetector) {
    this.detectorHitsByDetector = detectorHitsByDetector;
  }

  public List<String> getNotes() {
    return notes;
  }

  public void setNotes(List<String> notes) {
    this.notes = notes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SeedStatus s && java.util.Objects.equals(objects, s.objects)
        && java.util.Objects.equals(maskedValues, s.maskedValues)
        && java.util.Objects.equals(detectorHits, s.detectorHits)
        && java.util.Objects.equals(detectorHitsByDetector, s.detectorHitsByDetector)
        && java.util.Objects.equals(notes, s.notes);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(objects, maskedValues, detectorHits, detectorHitsByDetector, notes);
  }
}
