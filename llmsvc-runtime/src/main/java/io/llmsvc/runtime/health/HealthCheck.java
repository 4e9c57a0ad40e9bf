package io.llmsvc.runtime.health;

/**
 * One part of {@code GET /health}: each target contributes checks of what it owns (the gateway: its peers and
 * workers; a worker: its model runners). Must answer quickly and never throw.
 */
public interface HealthCheck {

    /** Name in the health document, e.g. {@code controller} or {@code worker:w1}. */
    String name();

    HealthReport check();
}
