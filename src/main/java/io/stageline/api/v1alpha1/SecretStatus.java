package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/** A managed Secret, by name and key names only: values never appear in status. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretStatus {
  @JsonPropertyDescription("Name of the Secret in the namespace.")
  private String name;
  /** vault:SECRET or generated. */
  @JsonPropertyDescription("vault:SECRET or generated.")
  private String source;
  @JsonPropertyDescription("Keys the Secret holds (never the values).")
  private List<String> keys = new ArrayList<>();
  @JsonPropertyDescription("When the Secret was last written, RFC 3339.")
  private String lastSynced;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getSource() {
    return source;
  }

  public void setSource(String source) {
    this.source = source;
  }

  public List<String> getKeys() {
    return keys;
  }

  public void setKeys(List<String> keys) {
    this.keys = keys;
  }

  public String getLastSynced() {
    return lastSynced;
  }

  public void setLastSynced(String lastSynced) {
    this.lastSynced = lastSynced;
  }
}
