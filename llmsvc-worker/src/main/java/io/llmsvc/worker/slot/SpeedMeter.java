package io.llmsvc.worker.slot;

/**
 * Recent decode speed, as an exponentially weighted moving average of finished requests' tokens per second.
 * Reported in heartbeats for the controller's speed-weighted dispatch.
 */
final class SpeedMeter {
    private static final double ALPHA = 0.2;
    private double ewma;

    synchronized void record(int tokens, long nanos) {
        if (nanos <= 0) return;
        double tps = tokens / (nanos / 1e9);
        ewma = ewma == 0 ? tps : ALPHA * tps + (1 - ALPHA) * ewma;
    }

    synchronized double tokensPerSecond() { return ewma; }
}
