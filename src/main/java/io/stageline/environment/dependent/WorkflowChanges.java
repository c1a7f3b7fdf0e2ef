package io.stageline.environment.dependent;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.stageline.api.v1alpha1.Environment;
import java.util.Map;
import java.util.TreeMap;

/** The managed objects one reconcile created or updated (dependents run on the workflow's threads). */
public final class WorkflowChanges {
  private static final String KEY = WorkflowChanges.class.getName();
  private final Map<String, ReconcileResult.Operation> changes = new TreeMap<>();

  public static WorkflowChanges of(Context<Environment> context) {
    var workflowContext = context.managedWorkflowAndDependentResourceContext();
    synchronized (workflowContext) {
      return workflowContext.get(KEY, WorkflowChanges.class).orElseGet(() -> {
        WorkflowChanges changes = new WorkflowChanges();
        workflowContext.put(KEY, changes);
        return changes;
      });
    }
  }

  synchronized void record(String part, ReconcileResult.Operation operation) {
    changes.put(part.replace("DependentResource", ""), operation);
  }

  public synchronized boolean isEmpty() {
    return changes.isEmpty();
  }

  /** e.g. "Namespace created, ResourceQuota updated". */
  @Override
  public synchronized String toString() {
    StringBuilder text = new StringBuilder();
    changes.forEach((part, op) -> text.append(text.isEmpty() ? "" : ", ")
        .append(part).append(' ').append(op.name().toLowerCase()));
    return text.toString();
  }
}
