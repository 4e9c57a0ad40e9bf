package io.llmsvc.gateway.quota;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand. */
final class MutableClock implements InstantSource {
    private final AtomicLong millis;

    MutableClock(String start) {
        millis = new AtomicLong(Instant.parse(start).toEpochMilli());
    }

    void advanceSeconds(long s) { millis.addAndGet(s * 1000); }

    @Override
    public long millis() { return millis.get(); }

    @Override
    public Instant instant() { return Instant.ofEpochMilli(millis.get()); }
}
