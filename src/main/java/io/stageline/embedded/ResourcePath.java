package io.stageline.embedded;

/**
 * A resource URL taken apart: {@code /api/v1/namespaces/ns/configmaps/name} or
 * {@code /apis/group/version/[namespaces/ns/]plural[/name[/subresource]]}.
 */
public record ResourcePath(String group, String version, String namespace, String plural, String name,
    String subresource) {

  /** Parses a resource path, or returns null when the path does not address resources. */
  public static ResourcePath parse(String path) {
    String[] parts = path.replaceAll("^/+|/+$", "").split("/");
    int i;
    String group;
    String version;
    if (parts.length >= 3 && parts[0].equals("api")) {
      group = "";
      version = parts[1];
      i = 2;
    } else if (parts.length >= 4 && parts[0].equals("apis")) {
      group = parts[1];
      version = parts[2];
      i = 3;
    } else {
      return null;
    }
    int rest = parts.length - i;
    String namespace = null;
    if (parts[i].equals("namespaces") && rest >= 3
        && !(rest == 3 && (parts[i + 2].equals("status") || parts[i + 2].equals("finalize")))) {
      namespace = parts[i + 1];
      i += 2;
      rest -= 2;
    }
    String plural = parts[i];
    String name = rest >= 2 ? parts[i + 1] : null;
    String subresource = rest >= 3 ? parts[i + 2] : null;
    if (rest > 3) {
      return null;
    }
    return new ResourcePath(group, version, namespace, plural, name, subresource);
  }

  public String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** The URL of the collection (for POST and lists). */
  public String collectionPath() {
    String prefix = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    return prefix + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + plural;
  }

  /** The URL of one object. */
  public String objectPath() {
    return collectionPath() + "/" + name;
  }

  public ResourcePath withName(String newName) {
    return new ResourcePath(group, version, namespace, plural, newName, null);
  }

  public ResourcePath withoutSubresource() {
    return new ResourcePath(group, version, namespace, plural, name, null);
  }

  public boolean isCollection() {
    return name == null;
  }
}
