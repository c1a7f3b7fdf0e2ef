package io.stageline.environment;

import io.stageline.api.v1alpha1.SecretSpec.Generate.Charset;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/** Random values for generated secrets, from {@link SecureRandom}; returned base64-encoded for Secret data. */
final class SecretValues {
  private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String HEX = "0123456789abcdef";
  private static final String BASE64URL = ALPHANUMERIC + "-_";
  private static final String PRINTABLE = printable();
  private static final int DEFAULT_LENGTH = 32;

  private final SecureRandom random = new SecureRandom();

  String generate(Integer length, Charset charset) {
    String alphabet = switch (charset == null ? Charset.alphanumeric : charset) {
      case alphanumeric -> ALPHANUMERIC;
      case hex -> HEX;
      case base64url -> BASE64URL;
      case printable -> PRINTABLE;
    };
    int n = length == null ? DEFAULT_LENGTH : length;
    StringBuilder value = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      value.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return Base64.getEncoder().encodeToString(value.toString().getBytes(StandardCharsets.US_ASCII));
  }

  private static String printable() {
    StringBuilder chars = new StringBuilder();
    for (char c = 33; c < 127; c++) {
      chars.append(c);
    }
    return chars.toString();
  }
}
