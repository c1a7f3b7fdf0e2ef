package io.stageline.api.v1alpha1;

/**
 * The condition types and reasons every Stageline kind shares. A kind's own vocabulary is in
 * {@link EnvironmentConditions}, {@link PromotionConditions} and {@link AccessPolicyConditions}. They are part
 * of the API (users, dashboards and alerts match on them), so every package names them from here.
 */
public final class StatusConditions {
  public static final String READY = "Ready";
  /**
   * True while the last reconcile failed unexpectedly (an API error, a bug); reason is the failure's category,
   * message names no internals. Set by {@code updateErrorStatus}, False again after the next successful reconcile;
   * Ready stays as the last successful reconcile left it.
   */
  public static final String RECONCILE_ERROR = "ReconcileError";

  /** Reasons of {@link #READY} and {@link #RECONCILE_ERROR} on any kind. */
  public static final class Reason {
    /** Ready=False: the stored object cannot be read into the model; the operator leaves it alone. */
    public static final String UNREADABLE = "Unreadable";
    /** ReconcileError=False: the last reconcile succeeded. */
    public static final String RECONCILED = "Reconciled";
    /** ReconcileError=True: the API server refused or failed a request (the message gives its status code). */
    public static final String API_ERROR = "ApiError";
    /** ReconcileError=True: a write met a newer version of the object; retried on the fresher copy. */
    public static final String CONFLICT = "Conflict";
    /** ReconcileError=True: the API server could not be reached or did not answer in time. */
    public static final String API_UNREACHABLE = "ApiUnreachable";
    /** ReconcileError=True: any other failure, a defect in the operator (the log has the exception). */
    public static final String INTERNAL_ERROR = "InternalError";

    private Reason() {}
  }

  private StatusConditions() {}
}
