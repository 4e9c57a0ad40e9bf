package io.llmsvc.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Latency samples in nanoseconds: percentiles and formatting. Filled after a batch with {@link #addAll}, or from
 * the calls themselves with {@link #addConcurrent}.
 */
final class Stats {
    private long[] samples = new long[1024];
    private int n;

    void add(long nanos) {
        if (n == samples.length) samples = Arrays.copyOf(samples, n * 2);
        samples[n++] = nanos;
    }

    synchronized void addConcurrent(long nanos) {
        add(nanos);
    }

    synchronized void clear() {
        n = 0;
    }

    synchronized long[] snapshot() {
        return Arrays.copyOf(samples, n);
    }

    synchronized double meanMs() {
        if (n == 0) return Double.NaN;
        double sum = 0;
        for (int i = 0; i < n; i++) sum += samples[i];
        return sum / n / 1e6;
    }

    void addAll(long[] nanos) {
        for (long v : nanos) add(v);
    }

    synchronized int count() { return n; }

    /** The p-th percentile (0..100) in milliseconds, nearest-rank. */
    synchronized double percentileMs(double p) {
        if (n == 0) return Double.NaN;
        long[] s = Arrays.copyOf(samples, n);
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * n);
        return s[Math.max(0, Math.min(n - 1, rank - 1))] / 1e6;
    }

    static String ms(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
