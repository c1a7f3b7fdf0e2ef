package io.stageline.embedded.validation;

/** Field paths as kube-apiserver prints them: {@code spec.grants[0].subjects[1].name}. */
final class SchemaPath {
  private SchemaPath() {}

  static String child(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  static String index(String path, int index) {
    return path + "[" + index + "]";
  }

  static String key(String path, String key) {
    return path + "[" + key + "]";
  }

  static String display(String path) {
    return path.isEmpty() ? "<nil>" : path;
  }
}
