package io.stageline.masking;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;

/** HMAC-SHA256 under a {@link MaskingKey}, with domain separation between uses. Not thread-safe. */
final class KeyedHash {
  private final Mac mac;

  KeyedHash(MaskingKey key) {
    this.mac = key.newMac();
  }

  byte[] digest(String domain, String value, int block) {
    mac.update(domain.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) 0);
    mac.update((byte) block);
    return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
  }

  String hex(String domain, String value) {
    return HexFormat.of().formatHex(digest(domain, value, 0));
  }

  /** Choices derived from the keyed hash of {@code value}: deterministic per key, domain and value. */
  Entropy entropy(String domain, String value) {
    return new Entropy() {
      private byte[] block = digest(domain, value, 0);
      private int blockNo;
      private int pos;

      @Override
      public int nextInt(int bound) {
        if (pos + 4 > block.length) {
          block = digest(domain, value, ++blockNo);
          pos = 0;
        }
        int v = ((block[pos] & 0xff) << 24) | ((block[pos + 1] & 0xff) << 16) | ((block[pos + 2] & 0xff) << 8)
            | (block[pos + 3] & 0xff);
        pos += 4;
        // 32 bits modulo a small bound: the bias is far below anything a fake value could reveal
        return (int) (Integer.toUnsignedLong(v) % bound);
      }
    };
  }
}
