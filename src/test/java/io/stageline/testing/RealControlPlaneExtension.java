package io.stageline.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class the JVM's {@link RealControlPlane}: {@code @ExtendWith(RealControlPlaneExtension.class)}
 * and a {@code RealControlPlane} parameter. When the binaries are not built the class fails (it is not
 * skipped) with the message saying how to build them.
 */
public final class RealControlPlaneExtension implements BeforeAllCallback, ParameterResolver {
  @Override
  public void beforeAll(ExtensionContext context) {
    RealControlPlane.shared();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RealControlPlane.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return RealControlPlane.shared();
  }
}
