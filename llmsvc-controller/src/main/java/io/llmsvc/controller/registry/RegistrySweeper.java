package io.llmsvc.controller.registry;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs {@link WorkerRegistry#sweep()} periodically on one daemon thread until closed. */
public final class RegistrySweeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RegistrySweeper.class);
    private final ScheduledExecutorService executor;

    private RegistrySweeper(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /** @param period how often to sweep; at least 50 ms */
    public static RegistrySweeper start(WorkerRegistry registry, Duration period) {
        long millis = Math.max(50, period.toMillis());
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("llmsvc-controller-sweep").factory());
        ex.scheduleWithFixedDelay(() -> {
            try {
                registry.sweep();
            } catch (RuntimeException e) {
                // a failed sweep must not cancel the schedule
                log.error("worker registry sweep failed", e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
        return new RegistrySweeper(ex);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
