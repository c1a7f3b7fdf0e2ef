package io.stageline.embedded.admission;

/** The admission operations, spelled as admission webhooks and policies see them. */
public enum Operation {
  CREATE, UPDATE, DELETE
}
