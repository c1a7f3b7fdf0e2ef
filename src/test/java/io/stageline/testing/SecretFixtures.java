package io.stageline.testing;

import io.stageline.api.v1alpha1.SecretSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Secret specs and encodings that the secret tests share. */
public final class SecretFixtures {
  private SecretFixtures() {}

  /** A Secret copied from the vault: the named keys, or all keys when none are named. */
  public static SecretSpec fromVault(String name, String vaultSecret, String... keys) {
    SecretSpec spec = new SecretSpec();
    spec.setName(name);
    SecretSpec.From from = new SecretSpec.From();
    from.setSecret(vaultSecret);
    from.setKeys(new ArrayList<>(List.of(keys)));
    spec.setFrom(from);
    return spec;
  }

  /** A Secret of generated 24-character values. */
  public static SecretSpec generated(String name, String... keys) {
    SecretSpec spec = new SecretSpec();
    spec.setName(name);
    SecretSpec.Generate generate = new SecretSpec.Generate();
    generate.setKeys(new ArrayList<>(List.of(keys)));
    generate.setLength(24);
    spec.setGenerate(generate);
    return spec;
  }

  /** The base64 form a value takes in a Secret's data, so tests can look for it too. */
  public static String b64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  public static String decode(String value) {
    return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
  }
}
