package io.stageline.environment.seed;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.stageline.masking.MaskingStats;
import java.util.ArrayList;
import java.util.List;

/** What seeding should write into the namespace, and what masking found on the way. */
final class SeedPlan {
  final List<HasMetadata> objects = new ArrayList<>();
  final MaskingStats stats = new MaskingStats();
  final List<String> notes = new ArrayList<>();
  final List<String> sources = new ArrayList<>();

  static String ref(HasMetadata o) {
    return o.getKind() + "/" + o.getMetadata().getName();
  }
}
