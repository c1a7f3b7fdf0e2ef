package io.stageline.masking.db;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * PostgreSQL's COPY text format, one row at a time: fields separated by tabs, {@code \N} for NULL,
 * backslash escapes for backslash, tab, newline, carriage return and the other control characters.
 * The raw bytes are split without decoding (a tab byte never occurs inside a UTF-8 sequence); only
 * the fields that are masked are decoded and encoded again.
 */
final class CopyText {
  private CopyText() {}

  /**
   * The start offsets of the fields of {@code row} (a row as COPY sends it, ending in '\n') plus the
   * offset one past the last field's end; {@code bounds[i]..bounds[i+1]-1} is field i.
   */
  static int split(byte[] row, int length, int[] bounds) {
    int end = length > 0 && row[length - 1] == '\n' ? length - 1 : length;
    int n = 0;
    bounds[n++] = 0;
    for (int i = 0; i < end; i++) {
      if (row[i] == '\t') {
        if (n == bounds.length - 1) {
          throw new IllegalStateException("a row has more fields than the table has columns");
        }
        bounds[n++] = i + 1;
      }
    }
    bounds[n] = end + 1;
    return n;
  }

  static boolean isNull(byte[] row, int start, int end) {
    return end - start == 2 && row[start] == '\\' && row[start + 1] == 'N';
  }

  /** The text of a field ({@code end} exclusive); the caller checks for NULL first. */
  static String decode(byte[] row, int start, int end) {
    int backslash = -1;
    for (int i = start; i < end; i++) {
      if (row[i] == '\\') {
        backslash = i;
        break;
      }
    }
    if (backslash < 0) {
      return new String(row, start, end - start, StandardCharsets.UTF_8);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(end - start);
    out.write(row, start, backslash - start);
    int i = backslash;
    while (i < end) {
      byte b = row[i];
      if (b != '\\' || i + 1 >= end) {
        out.write(b);
        i++;
        continue;
      }
      byte e = row[i + 1];
      i += 2;
      switch (e) {
        case 'b' -> out.write('\b');
        case 'f' -> out.write('\f');
        case 'n' -> out.write('\n');
        case 'r' -> out.write('\r');
        case 't' -> out.write('\t');
        case 'v' -> out.write(0x0b);
        case 'x' -> {
          int v = 0;
          int digits = 0;
          while (digits < 2 && i < end && Character.digit(row[i], 16) >= 0) {
            v = v * 16 + Character.digit(row[i++], 16);
            digits++;
          }
          out.write(digits == 0 ? 'x' : v);
        }
        default -> {
          if (e >= '0' && e <= '7') {
            int v = e - '0';
            for (int k = 0; k < 2 && i < end && row[i] >= '0' && row[i] <= '7'; k++) {
              v = v * 8 + (row[i++] - '0');
            }
            out.write(v);
          } else {
            out.write(e);
          }
        }
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Appends {@code value} escaped for COPY text format ({@code null}: NULL). */
  static void encode(String value, Buffer out) {
    if (value == null) {
      out.write('\\');
      out.write('N');
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    int plain = 0;
    while (plain < bytes.length && !escaped(bytes[plain])) {
      plain++;
    }
    // most values need no escape: one copy
    out.write(bytes, 0, plain);
    for (int i = plain; i < bytes.length; i++) {
      byte b = bytes[i];
      switch (b) {
        case '\\' -> { out.write('\\'); out.write('\\'); }
        case '\t' -> { out.write('\\'); out.write('t'); }
        case '\n' -> { out.write('\\'); out.write('n'); }
        case '\r' -> { out.write('\\'); out.write('r'); }
        case '\b' -> { out.write('\\'); out.write('b'); }
        case '\f' -> { out.write('\\'); out.write('f'); }
        case 0x0b -> { out.write('\\'); out.write('v'); }
        default -> out.write(b);
      }
    }
  }

  private static boolean escaped(byte b) {
    return b == '\\' || (b >= 0 && b < 0x20 && (b == '\t' || b == '\n' || b == '\r' || b == '\b' || b == '\f' || b == 0x0b));
  }

  /** A growable byte buffer handed to COPY without a copy (ByteArrayOutputStream synchronizes every byte). */
  static final class Buffer {
    private byte[] buf;
    private int size;

    Buffer(int capacity) {
      buf = new byte[capacity];
    }

    void write(int b) {
      if (size == buf.length) {
        grow(1);
      }
      buf[size++] = (byte) b;
    }

    void write(byte[] bytes, int offset, int length) {
      if (size + length > buf.length) {
        grow(length);
      }
      System.arraycopy(bytes, offset, buf, size, length);
      size += length;
    }

    private void grow(int more) {
      buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }

    void reset() {
      size = 0;
    }

    byte[] array() {
      return buf;
    }

    int size() {
      return size;
    }

    @Override
    public String toString() {
      return new String(buf, 0, size, StandardCharsets.UTF_8);
    }
  }
}
