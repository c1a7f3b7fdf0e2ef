package io.stageline.api.v1alpha1;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;

/**
 * Reads a spec or status so that a stored value the model cannot hold (a number beyond a Java
 * {@code int}, a string where an object belongs, from an object admitted under an older or looser
 * CRD) gives an empty part marked {@link ModelPart#unreadable()} instead of an exception.
 *
 * <p>Why: the informers deserialise every object of a kind with the same mapper. One exception there
 * fails the whole list or watch, the informer never syncs, and JOSDK stops the operator; so one object
 * would stop every reconcile of its kind. Reading the part as a tree first and binding it afterwards
 * keeps the failure to that one object. Used with {@code @JsonDeserialize(using = LenientRead.class)}
 * on the custom resources' {@code setSpec}/{@code setStatus}.
 */
public final class LenientRead extends JsonDeserializer<Object> implements ContextualDeserializer {
  private final JavaType type;

  public LenientRead() {
    this(null);
  }

  private LenientRead(JavaType type) {
    this.type = type;
  }

  @Override
  public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
    JavaType target = property != null ? property.getType() : ctxt.getContextualType();
    return new LenientRead(target);
  }

  @Override
  public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    JsonNode tree = ctxt.readTree(p);
    try {
      return ctxt.readTreeAsValue(tree, type);
    } catch (JacksonException e) {
      ModelPart empty = empty();
      empty.markUnreadable(where(e) + ": " + what(e));
      return empty;
    }
  }

  private ModelPart empty() throws IOException {
    try {
      return (ModelPart) type.getRawClass().getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IOException("cannot create an empty " + type, e instanceof InvocationTargetException i ? i.getCause() : e);
    }
  }

  /** The field's path inside the part, e.g. {@code .gates[0].approval.count}. */
  private static String where(JacksonException e) {
    if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      StringBuilder path = new StringBuilder();
      for (JsonMappingException.Reference r : m.getPath()) {
        path.append(r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]");
      }
      return path.toString();
    }
    if (e.getProcessor() instanceof JsonParser parser) {
      StringBuilder path = new StringBuilder();
      JsonPointer pointer = parser.getParsingContext().pathAsPointer();
      for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
        path.append(p.mayMatchElement() && p.getMatchingProperty().chars().allMatch(Character::isDigit)
            ? "[" + p.getMatchingIndex() + "]" : "." + p.getMatchingProperty());
      }
      return path.toString();
    }
    return "";
  }

  /** What is wrong, in words that never repeat the stored value. */
  private static String what(JacksonException e) {
    if (e instanceof InputCoercionException || e.getCause() instanceof InputCoercionException
        || (e instanceof InvalidFormatException f && f.getValue() != null
            && f.getValue().toString().matches("-?[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?"))) {
      return "a number beyond what the operator can hold";
    }
    if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
      return "a value of the wrong type or form";
    }
    if (e instanceof DatabindException) {
      return "a value the operator's model cannot hold";
    }
    return "a value the operator cannot read";
  }
}
