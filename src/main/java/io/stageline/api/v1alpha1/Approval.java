package io.stageline.api.v1alpha1;

import io.fabric8.generator.annotation.Size;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One approval of a promotion. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Approval {
  @JsonPropertyDescription("The approving user; the shipped approval admission policy requires it to be the user who adds the approval. Required.")
  @Size(max = Bounds.USERNAME_LENGTH)
  @Required private String by;
  @JsonPropertyDescription("RFC 3339 time of the approval, as the approver wrote it.")
  @Size(max = Bounds.TIME_LENGTH)
  private String at;
  @JsonPropertyDescription("Free-text note from the approver. Optional.")
  @Size(max = Bounds.TEXT_LENGTH)
  private String comment;

  @JsonPropertyDescription("Groups of the approver; the admission policy makes them the requesting user's groups.")
  @Size(max = Bounds.APPROVER_GROUPS)
  private List<String> groups = new ArrayList<>();

  public Approval() {}

  public Approval(String by, String at, String comment) {
    this.by = by;
    this.at = at;
    this.comment = comment;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Approval a
        && Objects.equals(by, a.by)
        && Objects.equals(at, a.at)
        && Objects.equals(comment, a.comment)
        && Objects.equals(groups, a.groups);
  }

  @Override
  public int hashCode() {
    return Objects.hash(by, at, comment, groups);
  }

  public String getBy() {
    return by;
  }

  public void setBy(String by) {
    this.by = by;
  }

  public String getAt() {
    return at;
  }

  public void setAt(String at) {
    this.at = at;
  }

  public String getComment() {
    return comment;
  }

  public void setComment(String comment) {
    this.comment = comment;
  }

  public List<String> getGroups() {
    return groups;
  }

  public void setGroups(List<String> groups) {
    this.groups = groups;
  }
}
