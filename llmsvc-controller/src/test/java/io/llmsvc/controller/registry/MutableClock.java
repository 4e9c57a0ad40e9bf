package io.llmsvc.controller.registry;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock tests move by hand. */
final class MutableClock implements InstantSource {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public synchronized Instant instant() { return now; }

    synchronized void advance(Duration d) { now = now.plus(d); }
}
