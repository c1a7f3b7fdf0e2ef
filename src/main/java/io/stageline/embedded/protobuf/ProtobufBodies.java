package io.stageline.embedded.protobuf;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.stageline.embedded.ApiException;
import io.stageline.embedded.Json;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Decodes the protobuf request bodies kubectl sends for its generator commands and access
 * reviews ({@code kubectl create namespace|configmap|secret}, {@code kubectl auth can-i}) into
 * JSON. Wire decoding is protobuf-java's; the field numbers are those of Kubernetes'
 * {@code generated.proto} for the few messages involved (no Kubernetes proto library is on the
 * class path, and the full one would be larger than the rest of the embedded API). Other kinds
 * answer 415 with a clear message.
 */
public final class ProtobufBodies {
  private static final byte[] MAGIC = {'k', '8', 's', 0};

  private ProtobufBodies() {}

  public static boolean isProtobuf(String contentType) {
    return contentType.contains("application/vnd.kubernetes.protobuf");
  }

  /** The body as a JSON object, or an exception naming what cannot be decoded. */
  public static ObjectNode decode(byte[] body) {
    if (body.length < 4 || !Arrays.equals(Arrays.copyOf(body, 4), MAGIC)) {
      throw ApiException.badRequest("the protobuf body does not start with the Kubernetes magic number");
    }
    try {
      CodedInputStream unknown = CodedInputStream.newInstance(body, 4, body.length - 4);
      String apiVersion = "";
      String kind = "";
      ByteString raw = ByteString.EMPTY;
      for (int tag = unknown.readTag(); tag != 0; tag = unknown.readTag()) {
        switch (WireFormat.getTagFieldNumber(tag)) {
          case 1 -> {
            CodedInputStream typeMeta = unknown.readBytes().newCodedInput();
            for (int t = typeMeta.readTag(); t != 0; t = typeMeta.readTag()) {
              switch (WireFormat.getTagFieldNumber(t)) {
                case 1 -> apiVersion = typeMeta.readString();
                case 2 -> kind = typeMeta.readString();
                default -> typeMeta.skipField(t);
              }
            }
          }
          case 2 -> raw = unknown.readBytes();
          default -> unknown.skipField(tag);
        }
      }
      ObjectNode object = Json.object().put("apiVersion", apiVersion).put("kind", kind);
      CodedInputStream in = raw.newCodedInput();
      switch (kind) {
        case "Namespace" -> readNamespace(in, object);
        case "ConfigMap" -> readConfigMap(in, object);
        case "Secret" -> readSecret(in, object);
        case "SelfSubjectAccessReview", "SubjectAccessReview", "LocalSubjectAccessReview" ->
            readAccessReview(in, object);
        case "SelfSubjectRulesReview" -> readRulesReview(in, object);
        default -> throw ApiException.unsupportedMediaType("the embedded API decodes protobuf bodies of Namespace, "
            + "ConfigMap, Secret and access reviews only, not " + kind + "; write a manifest and use "
            + "'kubectl create -f' / 'kubectl apply -f' (or pipe '--dry-run=client -o yaml' into 'kubectl apply -f -')");
      }
      return object;
    } catch (IOException e) {
      throw ApiException.badRequest("the protobuf body cannot be decoded: " + e.getMessage());
    }
  }

  private static void readNamespace(CodedInputStream in, ObjectNode object) throws IOException {
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) == 1) {
        object.set("metadata", readObjectMeta(in.readBytes().newCodedInput()));
      } else {
        in.skipField(tag);
      }
    }
  }

  private static void readConfigMap(CodedInputStream in, ObjectNode object) throws IOException {
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> object.set("metadata", readObjectMeta(in.readBytes().newCodedInput()));
        case 2 -> readMapEntry(in.readBytes().newCodedInput(), Json.objectAt(object, "data"), false);
        case 3 -> readMapEntry(in.readBytes().newCodedInput(), Json.objectAt(object, "binaryData"), true);
        case 4 -> object.put("immutable", in.readBool());
        default -> in.skipField(tag);
      }
    }
  }

  private static void readSecret(CodedInputStream in, ObjectNode object) throws IOException {
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> object.set("metadata", readObjectMeta(in.readBytes().newCodedInput()));
        case 2 -> readMapEntry(in.readBytes().newCodedInput(), Json.objectAt(object, "data"), true);
        case 3 -> object.put("type", in.readString());
        case 4 -> readMapEntry(in.readBytes().newCodedInput(), Json.objectAt(object, "stringData"), false);
        case 5 -> object.put("immutable", in.readBool());
        default -> in.skipField(tag);
      }
    }
  }

  private static ObjectNode readObjectMeta(CodedInputStream in) throws IOException {
    ObjectNode meta = Json.object();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> meta.put("name", in.readString());
        case 2 -> meta.put("generateName", in.readString());
        case 3 -> meta.put("namespace", in.readString());
        case 11 -> readMapEntry(in.readBytes().newCodedInput(), Json.objectAt(meta, "labels"), false);
        case 12 -> readMapEntry(in.readBytes().newCodedInput(), Json.objectAt(meta, "annotations"), false);
        case 14 -> {
          ArrayNode finalizers = meta.has("finalizers") ? (ArrayNode) meta.get("finalizers") : meta.putArray("finalizers");
          finalizers.add(in.readString());
        }
        default -> in.skipField(tag);
      }
    }
    return meta;
  }

  private static void readMapEntry(CodedInputStream in, ObjectNode target, boolean bytes) throws IOException {
    String key = "";
    String value = "";
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> key = in.readString();
        case 2 -> value = bytes ? Base64.getEncoder().encodeToString(in.readByteArray()) : in.readString();
        default -> in.skipField(tag);
      }
    }
    target.put(key, value);
  }

  private static void readAccessReview(CodedInputStream in, ObjectNode object) throws IOException {
    object.putObject("metadata");
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) == 2) {
        object.set("spec", readReviewSpec(in.readBytes().newCodedInput()));
      } else {
        in.skipField(tag);
      }
    }
  }

  private static void readRulesReview(CodedInputStream in, ObjectNode object) throws IOException {
    object.putObject("metadata");
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) == 2) {
        object.set("spec", readAttributes(in.readBytes().newCodedInput(), new String[] {null, "namespace"}));
      } else {
        in.skipField(tag);
      }
    }
  }

  private static ObjectNode readReviewSpec(CodedInputStream in) throws IOException {
    ObjectNode spec = Json.object();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> spec.set("resourceAttributes", readAttributes(in.readBytes().newCodedInput(),
            new String[] {null, "namespace", "verb", "group", "version", "resource", "subresource", "name"}));
        case 2 -> spec.set("nonResourceAttributes", readAttributes(in.readBytes().newCodedInput(),
            new String[] {null, "path", "verb"}));
        case 3 -> spec.put("user", in.readString());
        case 4 -> (spec.has("groups") ? (ArrayNode) spec.get("groups") : spec.putArray("groups")).add(in.readString());
        case 6 -> spec.put("uid", in.readString());
        default -> in.skipField(tag);
      }
    }
    return spec;
  }

  private static ObjectNode readAttributes(CodedInputStream in, String[] names) throws IOException {
    ObjectNode attributes = Json.object();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      if (field < names.length && names[field] != null && WireFormat.getTagWireType(tag) == 2) {
        attributes.put(names[field], in.readString());
      } else {
        in.skipField(tag);
      }
    }
    return attributes;
  }
}
