package io.stageline.api.v1alpha1;

import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.Release;
import io.stageline.api.v1alpha1.ReleaseRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** An Environment's current release and its bounded release history, read-only. */
public final class ReleaseHistory {
  private final ReleaseRecord current;
  private final List<ReleaseRecord> history;

  private ReleaseHistory(ReleaseRecord current, List<ReleaseRecord> history) {
    this.current = current;
    this.history = history;
  }

  public static ReleaseHistory of(Environment env) {
    if (env == null || env.getStatus() == null) {
      return new ReleaseHistory(null, List.of());
    }
    List<ReleaseRecord> history = env.getStatus().getReleaseHistory() == null
        ? List.of() : new ArrayList<>(env.getStatus().getReleaseHistory());
    return new ReleaseHistory(env.getStatus().getRelease(), history);
  }

  public Optional<ReleaseRecord> current() {
    return Optional.ofNullable(current);
  }

  /** Whether the release runs now or ran before (by version, and by image for each image it names). */
  public boolean contains(Release release) {
    return (current != null && matches(current, release)) || history.stream().anyMatch(r -> matches(r, release));
  }

  /** The earliest record of this release still in the history: when it first went live here. */
  public Optional<ReleaseRecord> firstWith(Release release) {
    List<ReleaseRecord> all = new ArrayList<>(history);
    if (current != null) {
      all.add(current);
    }
    return all.stream().filter(r -> matches(r, release))
        .min(Comparator.comparing(r -> r.getRevision() == null ? 0 : r.getRevision()));
  }

  public Optional<ReleaseRecord> revision(int revision) {
    return history.stream().filter(r -> Objects.equals(r.getRevision(), revision)).findFirst()
        .or(() -> current != null && Objects.equals(current.getRevision(), revision) ? Optional.of(current) : Optional.empty());
  }

  public Optional<ReleaseRecord> byPromotion(String promotion) {
    return history.stream().filter(r -> promotion.equals(r.getPromotion())).reduce((a, b) -> b);
  }

  public int nextRevision() {
    int max = history.stream().map(ReleaseRecord::getRevision).filter(Objects::nonNull).max(Integer::compare).orElse(0);
    if (current != null && current.getRevision() != null) {
      max = Math.max(max, current.getRevision());
    }
    return max + 1;
  }

  /** Versions, oldest first, for messages. */
  public List<String> versions() {
    List<String> versions = new ArrayList<>();
    history.forEach(r -> versions.add(r.getVersion()));
    return versions;
  }

  public static boolean matches(ReleaseRecord record, Release release) {
    if (release.getVersion() != null && !release.getVersion().equals(record.getVersion())) {
      return false;
    }
    Map<String, String> images = record.getImages() == null ? Map.of() : record.getImages();
    return release.getImages() == null
        || release.getImages().entrySet().stream().allMatch(e -> e.getValue().equals(images.get(e.getKey())));
  }

  public static Release toRelease(ReleaseRecord record) {
    return new Release(record.getVersion(), record.getImages());
  }
}
