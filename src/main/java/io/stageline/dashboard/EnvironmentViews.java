package io.stageline.dashboard;

import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.stageline.api.v1alpha1.BackupStatus;
import io.stageline.api.v1alpha1.ConfigStatus;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.EnvironmentStatus;
import io.stageline.api.v1alpha1.ParityStatus;
import io.stageline.api.v1alpha1.ReleaseRecord;
import io.stageline.dashboard.DashboardSnapshot.BackupView;
import io.stageline.dashboard.DashboardSnapshot.FindingView;
import io.stageline.dashboard.DashboardSnapshot.ParityView;
import io.stageline.dashboard.DashboardSnapshot.ReleaseView;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/** The parts of a stage card taken from an Environment's status. */
final class EnvironmentViews {
  private EnvironmentViews() {}

  static ReleaseView release(ReleaseRecord r) {
    return r == null ? null
        : new ReleaseView(r.getRevision(), r.getVersion(), r.getImages() == null ? null : new TreeMap<>(r.getImages()),
            r.getConfigRevision(), r.getPromotion(),
            r.getAt(), r.getVerified());
  }

  /** The current rendered configuration revision (else the newest in its history). */
  static Integer configRevision(EnvironmentStatus status) {
    ConfigStatus config = status.getConfig();
    if (config == null || config.getRevision() != null || config.getHistory() == null) {
      return config == null ? null : config.getRevision();
    }
    return config.getHistory().stream().map(ConfigStatus.Revision::getRevision).filter(Objects::nonNull)
        .max(Comparator.naturalOrder()).orElse(null);
  }

  /** Parity with the upstream; in parity unless the InParity condition or the differences say otherwise. */
  static ParityView parity(EnvironmentStatus status) {
    ParityStatus p = status.getParity();
    Condition inParity = status.findCondition(EnvironmentConditions.Type.IN_PARITY).orElse(null);
    if (p == null && inParity == null) {
      return null;
    }
    if (p == null) {
      p = new ParityStatus();
    }
    boolean differs = !empty(p.getMissingKeys()) || !empty(p.getExtraKeys()) || !empty(p.getImagesDiffer())
        || (p.getUpstreamVersion() != null && !Objects.equals(p.getUpstreamVersion(), p.getVersion()));
    boolean ok = inParity != null ? "True".equals(inParity.getStatus()) : !differs;
    return new ParityView(ok, p.getUpstream(), p.getUpstreamVersion(), p.getVersion(), p.getMissingKeys(),
        p.getExtraKeys(), p.getImagesDiffer(), p.getSkewSince());
  }

  static List<FindingView> compliance(EnvironmentStatus status) {
    return status.getCompliance() == null ? List.of()
        : status.getCompliance().stream().map(f -> new FindingView(f.getType(), f.getObject(), f.getMessage())).toList();
  }

  /** The backup state: the BackupScheduled condition's reason, or none when no backup is asked for. */
  static BackupView backup(Environment env, EnvironmentStatus status) {
    Condition scheduled = status.findCondition(EnvironmentConditions.Type.BACKUP_SCHEDULED).orElse(null);
    BackupStatus b = status.getBackup();
    boolean asked = env.getSpec() != null && env.getSpec().getBackup() != null;
    if (b == null && scheduled == null) {
      return asked ? new BackupView("Pending", null, null, null, null, null) : null;
    }
    String state = scheduled == null ? "Scheduled"
        : "True".equals(scheduled.getStatus()) ? "Scheduled"
        : scheduled.getReason() != null ? scheduled.getReason() : "NotScheduled";
    return b == null
        ? new BackupView(state, null, null, null, null, scheduled.getMessage())
        : new BackupView(state, b.getSchedule(), b.getLastBackup(), b.getRestore(), b.getRestorePhase(),
            scheduled == null ? null : scheduled.getMessage());
  }

  private static boolean empty(List<?> list) {
    return list == null || list.isEmpty();
  }
}
