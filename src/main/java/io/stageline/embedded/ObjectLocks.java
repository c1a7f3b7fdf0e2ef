package io.stageline.embedded;

import io.stageline.embedded.store.ObjectKey;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks by object: a write (read, patch, admit, store) of one object is atomic, while
 * writes of different objects proceed in parallel, as optimistic concurrency allows on a real
 * server.
 */
final class ObjectLocks {
  private final Lock[] stripes = new Lock[256];

  ObjectLocks() {
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /** Locks the object's stripe and returns the lock to release. */
  Lock lock(ObjectKey key) {
    Lock lock = stripes[Math.floorMod(key.hashCode(), stripes.length)];
    lock.lock();
    return lock;
  }
}
