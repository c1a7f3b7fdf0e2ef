package io.stageline.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.stageline.embedded.Installation;
import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/** The provider behind {@link OnBothGrounds}: one invocation on the embedded API, one on the real control plane. */
public final class BothGrounds implements TestTemplateInvocationContextProvider {
  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return context.getRequiredTestMethod().isAnnotationPresent(OnBothGrounds.class);
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
    return Stream.of(invocation(new EmbeddedGround()), invocation(new RealGround()));
  }

  private static TestTemplateInvocationContext invocation(LifecycleGround ground) {
    return new TestTemplateInvocationContext() {
      @Override
      public String getDisplayName(int index) {
        return ground.name().equals("real") ? "on the real kube-apiserver" : "on the embedded API";
      }

      @Override
      public List<Extension> getAdditionalExtensions() {
        return List.of(ground);
      }
    };
  }

  /** A ground that starts before the test and stops after it, and is the test's {@link Ground} parameter. */
  private abstract static class LifecycleGround implements Ground, BeforeEachCallback, AfterEachCallback, ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == Ground.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return this;
    }
  }

  /** A fresh embedded API for the test, with everything deploy/ installs, as {@link OperatorExtension} runs it. */
  private static final class EmbeddedGround extends LifecycleGround {
    private final OperatorExtension op = OperatorExtension.apiOnly();

    @Override
    public String name() {
      return "embedded";
    }

    @Override
    public void beforeEach(ExtensionContext context) {
      op.beforeEach(context);
      op.api().install(Installation.Part.NAMESPACES, Installation.Part.ACCESS_ROLES, Installation.Part.APPROVAL_POLICY);
      op.startOperator();
    }

    @Override
    public void afterEach(ExtensionContext context) {
      op.afterEach(context);
    }

    @Override
    public KubernetesClient admin() {
      return op.client();
    }

    @Override
    public KubernetesClient clientAs(String user, String... groups) {
      return op.api().newClient(user, groups);
    }

    @Override
    public void stopOperator() {
      op.stopOperator();
    }

    @Override
    public void startOperator() {
      op.startOperator();
    }
  }

  /**
   * The JVM's real control plane with deploy/ applied (once), and an operator of this test's own as the
   * ServiceAccount; the objects the test made stay (the plane is shared), so tests give them unique names.
   */
  private static final class RealGround extends LifecycleGround {
    private RealControlPlane plane;
    private KubernetesClient admin;
    private RealOperator operator;

    @Override
    public String name() {
      return "real";
    }

    @Override
    public void beforeEach(ExtensionContext context) {
      plane = RealControlPlane.shared();
      admin = plane.adminClient();
      startOperator();
    }

    @Override
    public void afterEach(ExtensionContext context) {
      stopOperator();
      if (admin != null) {
        admin.close();
      }
    }

    @Override
    public KubernetesClient admin() {
      return admin;
    }

    @Override
    public KubernetesClient clientAs(String user, String... groups) {
      return plane.clientAs(user, groups);
    }

    @Override
    public void stopOperator() {
      if (operator != null) {
        operator.close();
        operator = null;
      }
    }

    @Override
    public void startOperator() {
      operator = RealOperator.start(plane, Clock.systemUTC(), UnaryOperator.identity());
    }
  }
}
