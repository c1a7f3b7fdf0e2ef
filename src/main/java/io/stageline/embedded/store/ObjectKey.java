package io.stageline.embedded.store;

/**
 * Where an object lives: its resource ({@code group/plural}, the same for every version), its
 * namespace ({@code ""} for cluster-scoped objects) and its name.
 */
public record ObjectKey(String resource, String namespace, String name) {
  public ObjectKey {
    namespace = namespace == null ? "" : namespace;
  }

  public static String resource(String group, String plural) {
    return group + "/" + plural;
  }

  /** The key within its resource's index: sorted by namespace, then name. */
  String indexKey() {
    return namespace + "/" + name;
  }

  /** The key of the persisted row. */
  String id() {
    return resource + "|" + indexKey();
  }

  static ObjectKey fromId(String id) {
    int bar = id.indexOf('|');
    String rest = id.substring(bar + 1);
    int slash = rest.indexOf('/');
    return new ObjectKey(id.substring(0, bar), rest.substring(0, slash), rest.substring(slash + 1));
  }
}
