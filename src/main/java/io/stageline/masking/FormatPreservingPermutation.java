package io.stageline.masking;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.bouncycastle.crypto.fpe.FPEFF1Engine;
import org.bouncycastle.crypto.params.FPEParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * A keyed permutation that keeps a value's format, for columns that must stay unique after masking:
 * distinct inputs always give distinct outputs, the same input the same output under one key (so
 * foreign keys still join). A value's layout (which positions are digits, upper- or lower-case ASCII
 * letters; everything else stays in place) is kept; the letters and digits are read as one number in
 * the mixed radix of that layout and that number is permuted.
 *
 * <p>Domains of at least 2^20 values use FF1 (NIST SP 800-38G) from Bouncy Castle over the number's
 * bits, cycle-walking until the result falls inside the domain again (which keeps it a permutation of
 * the domain). FF1 is not defined for smaller domains (NIST requires radix^length >= 10^6), so those
 * are shuffled whole by a keyed Fisher-Yates shuffle, cached per domain size. Not thread-safe.
 */
public final class FormatPreservingPermutation {
  private static final int FF1_MIN_BITS = 20;
  private static final int SMALL_DOMAIN = 1 << FF1_MIN_BITS;
  private static final int CACHED_SHUFFLES = 16;

  private final KeyedHash hash;
  private final FPEFF1Engine ff1 = new FPEFF1Engine();
  private final KeyParameter ff1Key;
  private final Map<String, int[]> shuffles = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, int[]> eldest) {
      return size() > CACHED_SHUFFLES;
    }
  };

  public FormatPreservingPermutation(MaskingKey key) {
    this.hash = new KeyedHash(key);
    // an AES-256 key of its own, derived from the masking key, so FF1 never shares key material with HMAC uses
    this.ff1Key = new KeyParameter(hash.digest("ff1-key", "", 0));
  }

  /**
   * Digits stay digits, ASCII upper-case letters upper-case, lower-case lower-case; every other
   * character stays as it is. A value without letters or digits is returned unchanged.
   */
  public String permuteText(String value, String tweak) {
    int[] radix = new int[value.length()];
    int positions = 0;
    for (int i = 0; i < value.length(); i++) {
      int r = radixOf(value.charAt(i));
      if (r > 0) {
        radix[positions++] = r;
      }
    }
    if (positions == 0) {
      return value;
    }
    int[] digits = new int[positions];
    int p = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (radixOf(c) > 0) {
        digits[p++] = ordinal(c);
      }
    }
    int[] out = permute(Arrays.copyOf(radix, positions), digits, "text:" + tweak, null);
    StringBuilder sb = new StringBuilder(value.length());
    p = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      sb.append(radixOf(c) > 0 ? symbol(c, out[p++]) : c);
    }
    return sb.toString();
  }

  /**
   * An integer (optional '-', then digits) to another with the same sign and number of digits and no
   * leading zero, within [{@code min}, {@code max}] when given (a column type's range).
   */
  public String permuteInteger(String value, BigInteger min, BigInteger max, String tweak) {
    boolean negative = value.startsWith("-");
    String digitsText = negative ? value.substring(1) : value;
    if (digitsText.isEmpty() || !digitsText.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("not an integer");
    }
    if (digitsText.length() > 1 && digitsText.charAt(0) == '0') {
      digitsText = digitsText.replaceFirst("^0+(?=.)", "");
    }
    if (digitsText.equals("0")) {
      return "0";
    }
    int n = digitsText.length();
    int[] radix = new int[n];
    int[] digits = new int[n];
    for (int i = 0; i < n; i++) {
      // the first digit is 1-9, so a permuted number never gains a leading zero (and never collides with a shorter one)
      radix[i] = i == 0 ? 9 : 10;
      digits[i] = digitsText.charAt(i) - '0' - (i == 0 ? 1 : 0);
    }
    BigInteger low = negative ? (max == null ? null : max.negate()) : min;
    BigInteger high = negative ? (min == null ? null : min.negate()) : max;
    int[] out = permute(radix, digits, "int:" + tweak, candidate -> {
      BigInteger magnitude = toInteger(candidate);
      return (high == null || magnitude.compareTo(high) <= 0) && (low == null || magnitude.compareTo(low) >= 0);
    });
    return (negative ? "-" : "") + toInteger(out);
  }

  private static BigInteger toInteger(int[] digits) {
    StringBuilder sb = new StringBuilder(digits.length);
    for (int i = 0; i < digits.length; i++) {
      sb.append((char) ('0' + digits[i] + (i == 0 ? 1 : 0)));
    }
    return new BigInteger(sb.toString());
  }

  /** Permutes a mixed-radix number; {@code accept} narrows the domain (cycle-walking stays a permutation of it). */
  private int[] permute(int[] radix, int[] digits, String tweak, Predicate<int[]> accept) {
    BigInteger size = BigInteger.ONE;
    for (int r : radix) {
      size = size.multiply(BigInteger.valueOf(r));
    }
    BigInteger x = BigInteger.ZERO;
    for (int i = 0; i < digits.length; i++) {
      x = x.multiply(BigInteger.valueOf(radix[i])).add(BigInteger.valueOf(digits[i]));
    }
    int[] result;
    do {
      x = size.compareTo(BigInteger.valueOf(SMALL_DOMAIN)) < 0
          ? BigInteger.valueOf(shuffle(size.intValueExact(), tweak)[x.intValueExact()])
          : ff1Walk(x, size, tweak);
      result = fromNumber(x, radix);
    } while (accept != null && !accept.test(result));
    return result;
  }

  private BigInteger ff1Walk(BigInteger x, BigInteger size, String tweak) {
    int bits = Math.max(FF1_MIN_BITS, size.subtract(BigInteger.ONE).bitLength());
    ff1.init(true, new FPEParameters(ff1Key, 2, tweak.getBytes(StandardCharsets.UTF_8)));
    byte[] in = new byte[bits];
    byte[] out = new byte[bits];
    BigInteger y = x;
    do {
      for (int i = 0; i < bits; i++) {
        in[i] = (byte) (y.testBit(bits - 1 - i) ? 1 : 0);
      }
      ff1.processBlock(in, 0, bits, out, 0);
      y = fromBits(out);
    } while (y.compareTo(size) >= 0);
    return y;
  }

  /** The number whose binary digits, most significant first, are {@code bits} (each 0 or 1). */
  private static BigInteger fromBits(byte[] bits) {
    byte[] magnitude = new byte[(bits.length + 7) / 8];
    for (int i = 0; i < bits.length; i++) {
      if (bits[i] == 1) {
        int bit = bits.length - 1 - i;
        magnitude[magnitude.length - 1 - bit / 8] |= (byte) (1 << (bit % 8));
      }
    }
    return new BigInteger(1, magnitude);
  }

  private int[] shuffle(int size, String tweak) {
    return shuffles.computeIfAbsent(tweak + "/" + size, k -> {
      Entropy e = hash.entropy("fpe-shuffle", k);
      int[] table = new int[size];
      for (int i = 0; i < size; i++) {
        table[i] = i;
      }
      for (int i = size - 1; i > 0; i--) {
        int j = e.nextInt(i + 1);
        int t = table[i];
        table[i] = table[j];
        table[j] = t;
      }
      return table;
    });
  }

  private static int[] fromNumber(BigInteger x, int[] radix) {
    int[] digits = new int[radix.length];
    BigInteger rest = x;
    for (int i = radix.length - 1; i >= 0; i--) {
      BigInteger[] qr = rest.divideAndRemainder(BigInteger.valueOf(radix[i]));
      digits[i] = qr[1].intValue();
      rest = qr[0];
    }
    return digits;
  }

  private static int radixOf(char c) {
    if (c >= '0' && c <= '9') {
      return 10;
    }
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ? 26 : 0;
  }

  private static int ordinal(char c) {
    return c <= '9' ? c - '0' : c <= 'Z' ? c - 'A' : c - 'a';
  }

  private static char symbol(char original, int ordinal) {
    return (char) ((original <= '9' ? '0' : original <= 'Z' ? 'A' : 'a') + ordinal);
  }
}
