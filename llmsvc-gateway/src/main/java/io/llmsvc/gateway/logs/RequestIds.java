package io.llmsvc.gateway.logs;

import java.security.SecureRandom;

/**
 * Request log ids: {@code millis << 20 | node << 10 | sequence}. Ordered by time; unique within a process (the
 * sequence runs 0..1023 per millisecond, and borrows the next millisecond when exhausted) and across replicas as long as
 * their random 10-bit node numbers differ (one chance in 1,024 per pair of replicas writing in the same millisecond
 * with the same sequence; the writer then retries the batch row by row, skipping the clash).
 */
final class RequestIds {
    private final long node;
    private long lastMillis;
    private long sequence;

    RequestIds() {
        this(new SecureRandom().nextInt(1024));
    }

    RequestIds(int node) {
        this.node = node & 0x3FF;
    }

    synchronized long next() {
        long now = System.currentTimeMillis();
        if (now > lastMillis) {
            lastMillis = now;
            sequence = 0;
        } else if (++sequence > 0x3FF) {
            lastMillis++;
            sequence = 0;
        }
        return lastMillis << 20 | node << 10 | sequence;
    }

    /** The smallest id that can have been made at or after {@code millis} (for time filters on ids). */
    static long firstAt(long millis) {
        return millis << 20;
    }
}
