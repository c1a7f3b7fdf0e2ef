package io.stageline.promotion;

import io.stageline.api.v1alpha1.PromotionConditions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.api.v1alpha1.Environment;
import io.stageline.api.v1alpha1.PromotionStatus;
import io.stageline.api.v1alpha1.PromotionStatus.GateStatus;
import io.stageline.api.v1alpha1.PromotionStatus.GateStatus.State;
import io.stageline.api.v1alpha1.PromotionStatus.Phase;
import io.stageline.api.v1alpha1.Release;
import io.stageline.api.v1alpha1.ReleaseHistory;
import io.stageline.api.v1alpha1.ReleaseRecord;
import io.stageline.api.v1alpha1.Verification;
import io.stageline.promotion.gates.GateRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The switch and what follows it: images onto the workloads, the release onto the Environment's
 * status, verification, and the rollback when verification fails. Every effect is checked before
 * it is made (the images already set, the release already recorded by this promotion), so running
 * a step twice after a restart changes nothing the second time.
 */
class PromotionSwitch {
  private final KubernetesClient client;
  private final GateRunner gates;
  private final PromotionEvents events;
  private final PromotionMetrics metrics;
  private final PromotionReads reads;
  private final ReleaseApplier applier;
  private final EnvironmentReleaseRecorder recorder;
  private final PromotionEnding ending;

  PromotionSwitch(KubernetesClient client, GateRunner gates, PromotionEvents events, PromotionMetrics metrics,
      PromotionReads reads, PromotionEnding ending) {
    this.client = client;
    this.gates = gates;
    this.events = events;
    this.metrics = metrics;
    this.reads = reads;
    this.applier = new ReleaseApplier(client, reads);
    this.recorder = new EnvironmentReleaseRecorder(client, reads);
    this.ending = ending;
  }

  /** Promoting: the images switched and the release recorded; Verifying next, or ended when nothing verifies it. */
  Phase promote(PromotionPass pass, Environment target) {
    PromotionStatus s = pass.status;
    String env = target.getMetadata().getName();
    List<String> changed = applier.apply(target, s.getRelease().getImages());
    if (!recordedBy(target, pass.qualifiedName(), null)) {
      ReleaseRecord record = record(s.getRelease(), s.getRevision(), configRevision(target), pass.qualifiedName(), pass.now);
      recorder.record(env, record);
      ReleaseHistory.of(target).current().filter(r -> r.getAt() != null).ifPresent(previous ->
          metrics.timeInStage(target.getSpec().getStage().value(), Duration.between(Instant.parse(previous.getAt()), pass.now)));
      events.success(pass.promotion, "Promote", PromotionConditions.Reason.PROMOTED, env + " now runs "
          + PromotionAdmission.describe(s.getRelease()) + " (revision " + s.getRevision() + "); updated "
          + (changed.isEmpty() ? "no workloads" : String.join(", ", changed)));
    }
    if (needsVerification(pass)) {
      s.setPhase(Phase.Verifying);
    } else {
      succeed(pass, target);
    }
    return pass.phase();
  }

  /** Verifying: still waiting on a verification gate (Verifying), verified (Succeeded), or failed or rolled back. */
  Phase verify(PromotionPass pass, Environment target) {
    PromotionStatus s = pass.status;
    Verification v = pass.promotion.getSpec().getVerification();
    GateRunner.Run run = gates.run(pass.promotion, v.getGates(), s.getVerification(), List.of(), target, null,
        s.getRelease(), pass.now, true);
    run.transitions().forEach(t -> events.gateChanged(pass.promotion, t, true));
    List<GateStatus> statuses = new ArrayList<>(run.gates());
    if (run.allPassed() && Boolean.TRUE.equals(v.getWorkloadReadiness())) {
      statuses.add(readiness(target, s.getVerification(), pass.now));
    }
    s.setVerification(statuses);
    pass.wakeUp(run.wakeUpAt(), run.pollAfter());
    GateStatus failed = statuses.stream().filter(g -> g.getState() == State.Failed).findFirst().orElse(null);
    if (failed != null) {
      String why = "verification gate " + failed.getName() + " failed: " + failed.getMessage();
      if (Boolean.TRUE.equals(v.getRollbackOnFailure())) {
        rollBack(pass, target, why);
      } else {
        ending.finish(pass, target, Phase.Failed, PromotionConditions.Reason.VERIFICATION_FAILED, why);
      }
      return pass.phase();
    }
    GateStatus unmet = statuses.stream().filter(g -> g.getState() != State.Passed).findFirst().orElse(null);
    if (unmet != null) {
      s.setWaitingOn(unmet.getMessage());
      return pass.phase();
    }
    s.setWaitingOn(null);
    events.success(pass.promotion, "Verify", PromotionConditions.Reason.VERIFIED, "release verified in " + target.getMetadata().getName());
    succeed(pass, target);
    return pass.phase();
  }

  private void succeed(PromotionPass pass, Environment target) {
    recorder.markVerified(target.getMetadata().getName(), pass.qualifiedName());
    if (target.getSpec().getStage().isProduction()) {
      leadTime(target, pass.status.getRelease(), pass.now);
    }
    ending.finish(pass, target, Phase.Succeeded, PromotionConditions.Reason.SUCCEEDED, target.getMetadata().getName()
        + " runs " + PromotionAdmission.describe(pass.status.getRelease()) + " (revision " + pass.status.getRevision() + ")");
  }

  private void rollBack(PromotionPass pass, Environment target, String why) {
    PromotionStatus s = pass.status;
    ReleaseRecord previous = s.getPreviousRelease();
    if (previous == null) {
      ending.finish(pass, target, Phase.Failed, PromotionConditions.Reason.VERIFICATION_FAILED,
          why + "; no previous release to restore");
      return;
    }
    List<String> changed = applier.apply(target, previous.getImages() == null ? Map.of() : previous.getImages());
    if (!recordedBy(reads.environment(target.getMetadata().getName()), pass.qualifiedName(), s.getRevision())) {
      ReleaseRecord restored = record(ReleaseHistory.toRelease(previous),
          ReleaseHistory.of(reads.environment(target.getMetadata().getName())).nextRevision(),
          previous.getConfigRevision(), pass.qualifiedName(), pass.now);
      restored.setVerified(true);
      restored.setRollbackOf(s.getRevision());
      recorder.record(target.getMetadata().getName(), restored);
    }
    metrics.rolledBack(target.getSpec().getStage().value());
    ending.finish(pass, target, Phase.RolledBack, PromotionConditions.Reason.ROLLED_BACK, why + "; restored "
        + previous.getVersion() + " (revision " + previous.getRevision() + ") on "
        + (changed.isEmpty() ? "no workloads" : String.join(", ", changed)));
  }

  private GateStatus readiness(Environment target, List<GateStatus> previous, Instant now) {
    List<HasMetadata> workloads = reads.workloads(target);
    List<String> pending = workloads.stream().filter(w -> !Workloads.rolledOut(w)).map(Workloads::describe).toList();
    GateStatus old = previous.stream().filter(g -> "workloads".equals(g.getName())).findFirst().orElse(null);
    GateStatus g = new GateStatus();
    g.setName("workloads");
    g.setKind("readiness");
    g.setState(pending.isEmpty() ? State.Passed : State.Waiting);
    g.setMessage(pending.isEmpty()
        ? workloads.size() + " of " + workloads.size() + " workloads rolled out"
        : (workloads.size() - pending.size()) + " of " + workloads.size() + " workloads rolled out; waiting for "
            + String.join(", ", pending));
    boolean sameState = old != null && old.getState() == g.getState();
    g.setSince(sameState ? old.getSince() : now.toString());
    g.setUpdated(sameState && Objects.equals(old.getMessage(), g.getMessage()) ? old.getUpdated() : now.toString());
    return g;
  }

  /** Lead time: from the version's first release in the first stage of the path to now, in production. */
  private void leadTime(Environment target, Release release, Instant now) {
    Environment first = target;
    for (int hops = 0; hops < 10 && first.getSpec().getUpstream() != null; hops++) {
      Environment up = reads.environment(first.getSpec().getUpstream());
      if (up == null) {
        break;
      }
      first = up;
    }
    if (first != target) {
      ReleaseHistory.of(first).firstWith(new Release(release.getVersion(), Map.of())).filter(r -> r.getAt() != null)
          .ifPresent(r -> metrics.leadTime(Duration.between(Instant.parse(r.getAt()), now)));
    }
  }

  private boolean needsVerification(PromotionPass pass) {
    Verification v = pass.promotion.getSpec().getVerification();
    return v != null && (!v.getGates().isEmpty() || Boolean.TRUE.equals(v.getWorkloadReadiness()));
  }

  /** Whether this promotion already recorded its release (or, with rollbackOf, its rollback) on the Environment. */
  private static boolean recordedBy(Environment env, String promotion, Integer rollbackOf) {
    List<ReleaseRecord> all = new ArrayList<>();
    if (env.getStatus() != null) {
      all.addAll(env.getStatus().getReleaseHistory() == null ? List.of() : env.getStatus().getReleaseHistory());
      if (env.getStatus().getRelease() != null) {
        all.add(env.getStatus().getRelease());
      }
    }
    return all.stream().anyMatch(r -> promotion.equals(r.getPromotion()) && Objects.equals(r.getRollbackOf(), rollbackOf));
  }

  private static ReleaseRecord record(Release release, Integer revision, Integer configRevision, String promotion, Instant at) {
    ReleaseRecord r = new ReleaseRecord();
    r.setRevision(revision);
    r.setVersion(release.getVersion());
    r.setImages(release.getImages());
    r.setConfigRevision(configRevision);
    r.setPromotion(promotion);
    r.setAt(at.toString());
    r.setVerified(false);
    return r;
  }

  /** The configuration revision the Environment runs now (as its reconciler last reported it). */
  private Integer configRevision(Environment target) {
    Environment current = reads.environment(target.getMetadata().getName());
    return current == null || current.getStatus() == null || current.getStatus().getConfig() == null
        ? null : current.getStatus().getConfig().getRevision();
  }
}
