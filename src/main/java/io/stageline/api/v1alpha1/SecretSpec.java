package io.stageline.api.v1alpha1;

import io.fabric8.generator.annotation.Size;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** A Secret kept in the environment's namespace: copied from the vault, or generated (not in production). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.from) != has(self.generate)",
    message = "a secret takes exactly one of from or generate")
public class SecretSpec {
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @JsonPropertyDescription("Name of the Secret in the environment's namespace.")
  @Size(max = Bounds.NAME_LENGTH)
  private String name;

  @JsonPropertyDescription("Copy keys of a Secret in the vault namespace; exactly one of from or generate.")
  private From from;

  @JsonPropertyDescription("Random values generated once and kept; exactly one of from or generate.")
  private Generate generate;

  /** Copy keys of a Secret in the vault namespace. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class From {
    @Required
    @JsonPropertyDescription("Secret in the vault namespace.")
    @Size(max = Bounds.NAME_LENGTH)
    private String secret;

    @JsonPropertyDescription("Keys to copy; all keys when empty.")
    @Size(max = Bounds.SECRET_KEYS)
    private List<String> keys = new ArrayList<>();

    public String getSecret() {
      return secret;
    }

    public void setSecret(String secret) {
      this.secret = secret;
    }

    public List<String> getKeys() {
      return keys;
    }

    public void setKeys(List<String> keys) {
      this.keys = keys;
    }
  }

  /** Random test values, generated once and kept. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class Generate {
    @JsonPropertyDescription("Keys to generate. Required.")
    @Size(max = Bounds.SECRET_KEYS)
    @Required private List<String> keys = new ArrayList<>();

    @Min(8)
    @Max(256)
    @JsonPropertyDescription("Length of each value (default 32).")
    private Integer length;

    @JsonPropertyDescription("alphanumeric (default), hex, base64url or ascii-printable.")
    private Charset charset;

    public enum Charset {
      alphanumeric,
      hex,
      base64url,
      printable
    }

    public List<String> getKeys() {
      return keys;
    }

    public void setKeys(List<String> keys) {
      this.keys = keys;
    }

    public Integer getLength() {
      return length;
    }

    public void setLength(Integer length) {
      this.length = length;
    }

    public Charset getCharset() {
      return charset;
    }

    public void setCharset(Charset charset) {
      this.charset = charset;
    }
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public From getFrom() {
    return from;
  }

  public void setFrom(From from) {
    this.from = from;
  }

  public Generate getGenerate() {
    return generate;
  }

  public void setGenerate(Generate generate) {
    this.generate = generate;
  }
}
