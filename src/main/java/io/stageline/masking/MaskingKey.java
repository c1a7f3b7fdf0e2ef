package io.stageline.masking;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The per-Environment secret that makes masking deterministic: equal inputs mask to equal outputs
 * under one key (so joins across keys and objects still hold), and nobody without the key can
 * recompute a mask from a guessed original. Its bytes never appear in {@link #toString()}.
 */
public final class MaskingKey {
  static final String ALGORITHM = "HmacSHA256";
  private static final int MIN_BYTES = 16;
  private static final int GENERATED_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key;

  private MaskingKey(byte[] key) {
    this.key = key;
  }

  public static MaskingKey generate() {
    byte[] bytes = new byte[GENERATED_BYTES];
    RANDOM.nextBytes(bytes);
    return new MaskingKey(bytes);
  }

  public static MaskingKey of(byte[] bytes) {
    if (bytes == null || bytes.length < MIN_BYTES) {
      throw new IllegalArgumentException("a masking key needs at least " + MIN_BYTES + " bytes");
    }
    return new MaskingKey(bytes.clone());
  }

  public byte[] bytes() {
    return key.clone();
  }

  /** A fresh HMAC-SHA256 instance under this key (Mac instances are not thread-safe). */
  Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MaskingKey other && Arrays.equals(key, other.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "MaskingKey[hidden]";
  }
}
