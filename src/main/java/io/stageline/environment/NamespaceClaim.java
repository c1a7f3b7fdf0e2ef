package io.stageline.environment;

import io.stageline.conditions.InputProblem;
import io.stageline.api.v1alpha1.EnvironmentConditions;
import io.fabric8.kubernetes.api.model.Namespace;
import io.stageline.api.Labels;
import io.stageline.api.v1alpha1.Environment;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether an Environment may have its namespace. Stageline never adopts a namespace silently:
 * an existing namespace that another party created is taken over only when it carries the annotation
 * {@code stageline.io/adopt: "true"}; when two Environments claim one namespace, the one that holds it
 * (its label) keeps it, else the older one.
 */
public final class NamespaceClaim {
  private static final Set<String> ALWAYS_RESERVED = Set.of("default", "kube-system", "kube-public", "kube-node-lease");

  public enum Verdict {
    /** Free, or already this Environment's. */
    OWN,
    /** Exists, was made by someone else, and asks to be adopted. */
    ADOPT
  }

  private final Set<String> reserved;

  /** {@code operatorNamespaces}: the operator's own, config and vault namespaces, which no stage may take. */
  public NamespaceClaim(Collection<String> operatorNamespaces) {
    this.reserved = new java.util.HashSet<>(ALWAYS_RESERVED);
    this.reserved.addAll(operatorNamespaces);
  }

  /** The verdict, or the problem that stops provisioning. */
  public Result check(Environment env, Namespace existing, Collection<Environment> all) {
    String name = env.targetNamespace();
    String self = env.getMetadata().getName();
    if (reserved.contains(name)) {
      return Result.problem(EnvironmentConditions.Reason.NAMESPACE_RESERVED, "namespace " + name + " is reserved and cannot be a stage");
    }
    Optional<Environment> rival = all.stream()
        .filter(e -> !e.getMetadata().getName().equals(self))
        .filter(e -> e.getMetadata().getDeletionTimestamp() == null)
        .filter(e -> e.getSpec() != null && name.equals(e.targetNamespace()))
        .filter(e -> holds(e, existing) || (!holds(env, existing) && older(e, env)))
        .findFirst();
    if (rival.isPresent()) {
      return Result.problem(EnvironmentConditions.Reason.NAMESPACE_CONFLICT, "namespace " + name + " is claimed by Environment "
          + rival.get().getMetadata().getName());
    }
    if (existing == null || holds(env, existing)) {
      return Result.of(Verdict.OWN);
    }
    if (Labels.asksForAdoption(existing)) {
      return Result.of(Verdict.ADOPT);
    }
    String by = Labels.isManagedByStageline(existing)
        ? "is kept for Environment " + Labels.environmentOf(existing)
        : "exists and is not managed by Stageline";
    return Result.problem(EnvironmentConditions.Reason.NAMESPACE_NOT_MANAGED, "namespace " + name + " " + by
        + "; annotate it " + Labels.ADOPT_ANNOTATION + "=true to let this Environment adopt it");
  }

  private static boolean holds(Environment env, Namespace ns) {
    return ns != null && Labels.isManagedByStageline(ns)
        && env.getMetadata().getName().equals(Labels.environmentOf(ns));
  }

  private static boolean older(Environment a, Environment b) {
    Comparator<Environment> age = Comparator
        .comparing((Environment e) -> String.valueOf(e.getMetadata().getCreationTimestamp()))
        .thenComparing(e -> e.getMetadata().getName());
    return age.compare(a, b) < 0;
  }

  /** Either a verdict or a problem. */
  public record Result(Verdict verdict, InputProblem problem) {
    static Result of(Verdict verdict) {
      return new Result(verdict, null);
    }

    static Result problem(String reason, String message) {
      return new Result(null, new InputProblem(EnvironmentConditions.Type.NAMESPACE_READY, reason, message));
    }
  }
}
