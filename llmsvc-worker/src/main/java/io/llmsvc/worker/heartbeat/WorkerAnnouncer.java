package io.llmsvc.worker.heartbeat;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.controller.ControllerApi;
import io.llmsvc.api.controller.HeartbeatAck;
import io.llmsvc.api.controller.WorkerHeartbeat;
import io.llmsvc.api.controller.WorkerRegistration;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a worker announced to the controller, on one virtual thread between {@link #start()} and {@link #close()}.
 *
 * <ul>
 *   <li>Registers first, retrying with jittered exponential backoff while the controller is unreachable or refuses,
 *       so a worker starts (and serves direct calls) before its controller is up.</li>
 *   <li>Then sends a heartbeat every {@code interval}. When the controller answers that it does not know the worker
 *       (it expired it, or restarted and lost its registry) the next step is a fresh registration. A heartbeat that
 *       fails in transport is simply retried at the next interval: if the controller comes back without the worker
 *       it says so, and the worker registers again.</li>
 *   <li>{@link #close()} stops the loop and unregisters the worker if it is registered.</li>
 * </ul>
 *
 * The suppliers are called on the announcer's thread before each call, so a registration always carries the models
 * loaded at that moment; an exception from a supplier counts as a failed attempt, never ends the loop.
 */
public final class WorkerAnnouncer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkerAnnouncer.class);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

    private final ControllerApi controller;
    private final Supplier<WorkerRegistration> registration;
    private final Supplier<WorkerHeartbeat> heartbeat;
    private final long intervalMillis;
    private final long initialRetryMillis;
    private final long maxRetryMillis;

    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile boolean running;
    private volatile boolean registered;
    /** Id of the last successful registration, for unregistering on close. */
    private volatile String registeredId;
    private Thread thread;

    /**
     * An announcer that retries registration from 250 ms up to 5 s (or {@code interval} when that is longer).
     *
     * @param controller   the controller: the local bean when it runs in this process, else a
     *                     {@code io.llmsvc.runtime.peers.ControllerHttpClient} to {@code llmsvc.peers.controller}
     * @param registration this worker's registration (id, advertised address, loaded models, slots)
     * @param heartbeat    this worker's current load; its {@code worker_id} must be the registration's
     * @param interval     time between heartbeats ({@code WorkerProperties.heartbeatInterval()}); it must stay well
     *                     under the controller's {@code llmsvc.controller.worker-expiry}
     */
    public WorkerAnnouncer(ControllerApi controller, Supplier<WorkerRegistration> registration,
                           Supplier<WorkerHeartbeat> heartbeat, Duration interval) {
        this(controller, registration, heartbeat, interval, Duration.ofMillis(250),
                interval.compareTo(Duration.ofSeconds(5)) > 0 ? interval : Duration.ofSeconds(5));
    }

    /**
     * @param initialRetry delay before the second registration attempt; doubles per failed attempt
     * @param maxRetry     longest delay between registration attempts
     */
    public WorkerAnnouncer(ControllerApi controller, Supplier<WorkerRegistration> registration,
                           Supplier<WorkerHeartbeat> heartbeat, Duration interval, Duration initialRetry, Duration maxRetry) {
        this.controller = Objects.requireNonNull(controller, "controller");
        this.registration = Objects.requireNonNull(registration, "registration");
        this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
        this.intervalMillis = positive(interval, "interval");
        this.initialRetryMillis = positive(initialRetry, "initialRetry");
        this.maxRetryMillis = Math.max(initialRetryMillis, positive(maxRetry, "maxRetry"));
    }

    private static long positive(Duration d, String name) {
        if (d == null || d.toMillis() < 1) throw new IllegalArgumentException(name + " must be at least 1 ms");
        return d.toMillis();
    }

    /** Starts announcing in the background and returns at once. */
    public synchronized void start() {
        if (thread != null) throw new IllegalStateException("already started");
        running = true;
        thread = Thread.ofVirtual().name("llmsvc-worker-announcer").start(this::run);
    }

    /** True while the controller is believed to know this worker (registered, and no heartbeat said otherwise). */
    public boolean isRegistered() { return registered; }

    /** Stops the loop and unregisters; waits for an attempt in flight to finish first (bounded). */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (!running) return;
            running = false;
            t = thread;
        }
        stop.countDown();
        try {
            if (!t.join(JOIN_TIMEOUT)) {
                t.interrupt();
                t.join(Duration.ofSeconds(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String id = registeredId;
        if (registered && id != null) {
            registered = false;
            try {
                controller.unregisterWorker(id);
                log.info("worker {} unregistered from the controller", id);
            } catch (RuntimeException e) {
                log.info("could not unregister worker {} ({}); the controller will expire it", id, e.getMessage());
            }
        }
    }

    private void run() {
        long retry = initialRetryMillis;
        int failuresInARow = 0;
        boolean everRegistered = false;
        while (running) {
            long delay;
            try {
                if (!registered) {
                    WorkerRegistration r = registration.get();
                    controller.registerWorker(r);
                    registeredId = r.workerId();
                    registered = true;
                    log.info("worker {} {} with the controller as {}", r.workerId(),
                            everRegistered ? "registered again" : "registered", r.address());
                    everRegistered = true;
                    retry = initialRetryMillis;
                    delay = intervalMillis;
                } else {
                    HeartbeatAck ack = controller.receiveHeartbeat(heartbeat.get());
                    if (ack == null || !ack.known()) {
                        registered = false;
                        log.info("the controller does not know worker {} (expired or restarted); registering again", registeredId);
                        delay = 0;
                    } else {
                        delay = intervalMillis;
                    }
                }
                if (failuresInARow > 0) log.info("controller reachable again after {} failed attempt(s)", failuresInARow);
                failuresInARow = 0;
            } catch (RuntimeException e) {
                if (!running) break;
                failuresInARow++;
                logFailure(e, failuresInARow);
                if (registered) {
                    delay = intervalMillis;
                } else {
                    delay = jitter(retry);
                    retry = Math.min(maxRetryMillis, retry * 2);
                }
            }
            if (delay > 0 && pause(delay)) break;
        }
    }

    private void logFailure(RuntimeException e, int failuresInARow) {
        String what = registered ? "heartbeat" : "registration";
        String why = e instanceof LlmsvcException le && le.code() == ErrorCode.UNAUTHORIZED
                ? "the controller rejected the cluster credential (llmsvc.cluster-token must be the same on every target)"
                : e.getMessage();
        if (failuresInARow == 1) {
            log.warn("worker {} failed: {}; retrying", what, why);
        } else {
            log.debug("worker {} failed again ({} in a row): {}", what, failuresInARow, why);
        }
    }

    /** ±20 % so that workers retrying against a restarted controller do not arrive in lockstep. */
    private static long jitter(long millis) {
        return Math.max(1, (long) (millis * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble())));
    }

    /** Waits; true when the announcer was closed meanwhile. */
    private boolean pause(long millis) {
        try {
            return stop.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            return true;
        }
    }
}
