package io.stageline.promotion.gates;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.stageline.api.v1alpha1.Promotion;
import org.junit.jupiter.api.Test;

/** A gate's Job counts only if the promotion created it: owner reference with its uid, and the gate's containers. */
class JobOwnershipTest {
  private final Promotion promotion = promotion();
  private final Job desired = job("registry.example/tests:1.0", "run-tests", "stageline-gate", promotion.getMetadata().getUid());

  @Test
  void theJobTheOperatorCreatedCounts() {
    assertThat(JobGateEvaluator.notOwned(job("registry.example/tests:1.0", "run-tests", "stageline-gate", "uid-1"), desired,
        promotion)).isEmpty();
  }

  @Test
  void aJobWithoutTheControllerReferenceDoesNotCount() {
    assertThat(JobGateEvaluator.notOwned(job("busybox", "true", null, null), desired, promotion)).get().asString()
        .startsWith("was not created by promotion release (JobNotOwned)");
    assertThat(JobGateEvaluator.notOwned(job("registry.example/tests:1.0", "run-tests", "stageline-gate", "uid-of-another"),
        desired, promotion)).get().asString().contains("JobNotOwned");
  }

  @Test
  void aJobForgingTheOwnerReferenceButRunningSomethingElseDoesNotCount() {
    assertThat(JobGateEvaluator.notOwned(job("busybox", "true", "stageline-gate", "uid-1"), desired, promotion)).get()
        .isEqualTo("does not run this gate's template (JobNotOwned): it does not count");
    assertThat(JobGateEvaluator.notOwned(job("registry.example/tests:1.0", "run-tests", "deployer", "uid-1"), desired, promotion))
        .get().asString().contains("JobNotOwned");
  }

  private static Promotion promotion() {
    Promotion p = new Promotion();
    p.getMetadata().setName("release");
    p.getMetadata().setNamespace("test");
    p.getMetadata().setUid("uid-1");
    return p;
  }

  private static Job job(String image, String command, String serviceAccount, String ownerUid) {
    var builder = new JobBuilder().withNewMetadata().withName("release-tests").withNamespace("test").endMetadata();
    Job job = builder.withNewSpec().withNewTemplate().withNewSpec().withServiceAccountName(serviceAccount)
        .addNewContainer().withName("tests").withImage(image).withCommand(command).endContainer()
        .endSpec().endTemplate().endSpec().build();
    if (ownerUid != null) {
      job.getMetadata().getOwnerReferences().add(new OwnerReferenceBuilder().withApiVersion("stageline.io/v1alpha1")
          .withKind("Promotion").withName("release").withUid(ownerUid).withController(true).build());
    }
    return job;
  }
}
