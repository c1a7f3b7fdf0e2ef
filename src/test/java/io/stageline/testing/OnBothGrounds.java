package io.stageline.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test twice, with a {@link Ground} parameter: on the embedded API and on the real control plane
 * (kube-apiserver, etcd, kube-controller-manager), each with Stageline installed as {@code kubectl apply -k
 * deploy/} installs it and the operator running as its ServiceAccount. For the behaviours users rely on most,
 * where both runs are cheap; the real run fails, never skips, when the control plane's binaries are missing.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(BothGrounds.class)
public @interface OnBothGrounds {}
