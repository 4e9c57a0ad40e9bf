package io.llmsvc.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Warm-up until the JIT is quiet. With full tiered compilation (the flags of bin/llmsvc) C2 keeps compiling Tomcat,
 * Spring MVC and Jackson for a minute or more on two busy cores; measuring before that would time the compiler
 * thread's competition for the CPU, not the code. The work runs in slices of about two seconds until a slice has
 * spent less than {@link #QUIET} of one core compiling (at least {@code minSeconds}, at most {@code maxSeconds}).
 */
final class Warmup {
    static final double QUIET = 0.05;

    interface Work {
        void run() throws Exception;
    }

    /** Returns a one-line description of the warm-up (duration, last compile share). */
    static String untilJitQuiet(Work slice, int minSeconds, int maxSeconds) throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long start = System.nanoTime();
        double share = 1;
        while (true) {
            long t0 = System.nanoTime(), c0 = jit.getTotalCompilationTime();
            do {
                slice.run();
            } while (System.nanoTime() - t0 < 2_000_000_000L);
            share = (jit.getTotalCompilationTime() - c0) / ((System.nanoTime() - t0) / 1e6);
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (OverheadBench.VERBOSE) {
                System.err.printf(Locale.ROOT, "  warm-up %.0f s: JIT %.0f%% of a core, %d classes loaded, %d unloaded%n", elapsed, share * 100,
                        ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount(),
                        ManagementFactory.getClassLoadingMXBean().getUnloadedClassCount());
            }
            if ((elapsed >= minSeconds && share < QUIET) || elapsed >= maxSeconds) {
                return String.format(Locale.ROOT, "warm-up %.0f s, until the JIT compiled %.0f%% of a core (last 2 s)",
                        elapsed, share * 100);
            }
        }
    }

    private Warmup() {}
}
