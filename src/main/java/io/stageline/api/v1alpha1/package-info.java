/**
 * The Stageline API, group {@code stageline.io}, version {@code v1alpha1}: the three kinds
 * ({@link io.stageline.api.v1alpha1.Environment}, {@link io.stageline.api.v1alpha1.Promotion},
 * {@link io.stageline.api.v1alpha1.AccessPolicy}), their spec and status parts, and the schema
 * constraints and CEL rules that the generated CRDs carry into the API server.
 */
package io.stageline.api.v1alpha1;
