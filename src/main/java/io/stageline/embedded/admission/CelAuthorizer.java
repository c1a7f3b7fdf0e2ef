package io.stageline.embedded.admission;

import dev.cel.bundle.CelBuilder;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelFunctionBinding;
import io.stageline.embedded.authz.RbacAuthorizer;
import io.stageline.embedded.authz.ResourceAttributes;
import io.stageline.embedded.authz.UserInfo;

/**
 * Kubernetes' CEL authorizer library for admission policies (the {@code authorizer} variable):
 * {@code authorizer.group(g).resource(r).subresource(s).namespace(ns).name(n).check(verb)} and
 * {@code authorizer.path(p).check(verb)} give a decision with {@code allowed()}, {@code reason()},
 * {@code errored()} and {@code error()}, asked of RBAC for the requesting user, as kube-apiserver
 * asks its authorizer. A policy can then say "only someone allowed to approve may add an approval".
 */
public final class CelAuthorizer {
  static final CelType AUTHORIZER = OpaqueType.create("kubernetes.authorization.Authorizer");
  static final CelType PATH_CHECK = OpaqueType.create("kubernetes.authorization.PathCheck");
  static final CelType GROUP_CHECK = OpaqueType.create("kubernetes.authorization.GroupCheck");
  static final CelType RESOURCE_CHECK = OpaqueType.create("kubernetes.authorization.ResourceCheck");
  static final CelType DECISION = OpaqueType.create("kubernetes.authorization.Decision");

  /** The requesting user's authorizer. */
  public record Authorizer(RbacAuthorizer rbac, UserInfo user) {}

  record PathCheck(Authorizer authorizer, String path) {}

  record GroupCheck(Authorizer authorizer, String group) {}

  record ResourceCheck(Authorizer authorizer, String group, String resource, String subresource, String namespace,
      String name) {
    ResourceCheck with(String subresource, String namespace, String name) {
      return new ResourceCheck(authorizer, group, resource, subresource, namespace, name);
    }
  }

  record Decision(boolean allowed, String reason) {}

  private CelAuthorizer() {}

  /** Declares the {@code authorizer} variable and its functions. */
  static void declare(CelBuilder builder) {
    builder.addVar("authorizer", AUTHORIZER);
    builder.addFunctionDeclarations(
        member("path", "authorizer_path", PATH_CHECK, AUTHORIZER, SimpleType.STRING),
        member("group", "authorizer_group", GROUP_CHECK, AUTHORIZER, SimpleType.STRING),
        member("resource", "groupcheck_resource", RESOURCE_CHECK, GROUP_CHECK, SimpleType.STRING),
        member("subresource", "resourcecheck_subresource", RESOURCE_CHECK, RESOURCE_CHECK, SimpleType.STRING),
        member("namespace", "resourcecheck_namespace", RESOURCE_CHECK, RESOURCE_CHECK, SimpleType.STRING),
        member("name", "resourcecheck_name", RESOURCE_CHECK, RESOURCE_CHECK, SimpleType.STRING),
        CelFunctionDecl.newFunctionDeclaration("check",
            CelOverloadDecl.newMemberOverload("pathcheck_check", DECISION, PATH_CHECK, SimpleType.STRING),
            CelOverloadDecl.newMemberOverload("resourcecheck_check", DECISION, RESOURCE_CHECK, SimpleType.STRING)),
        member("allowed", "decision_allowed", SimpleType.BOOL, DECISION),
        member("errored", "decision_errored", SimpleType.BOOL, DECISION),
        member("reason", "decision_reason", SimpleType.STRING, DECISION),
        member("error", "decision_error", SimpleType.STRING, DECISION));
    builder.addFunctionBindings(
        CelFunctionBinding.from("authorizer_path", Authorizer.class, String.class, PathCheck::new),
        CelFunctionBinding.from("authorizer_group", Authorizer.class, String.class, GroupCheck::new),
        CelFunctionBinding.from("groupcheck_resource", GroupCheck.class, String.class,
            (g, r) -> new ResourceCheck(g.authorizer(), g.group(), r, "", "", "")),
        CelFunctionBinding.from("resourcecheck_subresource", ResourceCheck.class, String.class,
            (r, s) -> r.with(s, r.namespace(), r.name())),
        CelFunctionBinding.from("resourcecheck_namespace", ResourceCheck.class, String.class,
            (r, ns) -> r.with(r.subresource(), ns, r.name())),
        CelFunctionBinding.from("resourcecheck_name", ResourceCheck.class, String.class,
            (r, n) -> r.with(r.subresource(), r.namespace(), n)),
        CelFunctionBinding.from("pathcheck_check", PathCheck.class, String.class, CelAuthorizer::check),
        CelFunctionBinding.from("resourcecheck_check", ResourceCheck.class, String.class, CelAuthorizer::check),
        CelFunctionBinding.from("decision_allowed", Decision.class, Decision::allowed),
        CelFunctionBinding.from("decision_errored", Decision.class, d -> false),
        CelFunctionBinding.from("decision_reason", Decision.class, Decision::reason),
        CelFunctionBinding.from("decision_error", Decision.class, d -> ""));
  }

  private static CelFunctionDecl member(String function, String overload, CelType result, CelType... args) {
    return CelFunctionDecl.newFunctionDeclaration(function,
        CelOverloadDecl.newMemberOverload(overload, result, args));
  }

  private static Decision check(PathCheck path, String verb) {
    return decide(path.authorizer(), new ResourceAttributes(verb, "", "", "", null, null, path.path()));
  }

  private static Decision check(ResourceCheck r, String verb) {
    return decide(r.authorizer(), new ResourceAttributes(verb, r.group(), r.resource(), r.subresource(),
        r.namespace().isEmpty() ? null : r.namespace(), r.name().isEmpty() ? null : r.name(), null));
  }

  private static Decision decide(Authorizer authorizer, ResourceAttributes attributes) {
    RbacAuthorizer.Decision decision = authorizer.rbac().decide(authorizer.user(), attributes);
    return new Decision(decision.allowed(), decision.reason() == null ? "" : decision.reason());
  }
}
