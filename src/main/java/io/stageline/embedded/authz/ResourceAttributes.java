package io.stageline.embedded.authz;

/**
 * What an access review asks about: a verb on a resource (with optional subresource, namespace
 * and name) or on a non-resource URL such as {@code /healthz}.
 */
public record ResourceAttributes(String verb, String group, String resource, String subresource,
    String namespace, String name, String nonResourcePath) {

  public static ResourceAttributes resource(String verb, String group, String resource, String namespace,
      String name) {
    return new ResourceAttributes(verb, group, resource, "", namespace, name, null);
  }

  public boolean isNonResource() {
    return nonResourcePath != null;
  }
}
