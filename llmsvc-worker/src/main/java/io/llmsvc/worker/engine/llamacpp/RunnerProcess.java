package io.llmsvc.worker.engine.llamacpp;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.Secret;
import io.llmsvc.runtime.internal.ClusterCredential;
import io.llmsvc.runtime.internal.InternalHttp;
import io.llmsvc.runtime.peers.WorkerHttpClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervises one runner child process ({@link RunnerMain}): starts it, waits for its READY line, forwards its other
 * output to the log at debug level, and restarts it with backoff when it dies unexpectedly. Requests in flight when it
 * dies fail with {@code UNAVAILABLE}; new requests wait (up to the start timeout) for the restarted runner.
 */
public final class RunnerProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunnerProcess.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(3);
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(5);
    private static final long MAX_BACKOFF_MS = 30_000;

    /** Lifecycle of the runner as callers see it. */
    public enum State { STARTING, READY, RESTARTING, STOPPED }

    /** How to start the runner. */
    public record Options(String modelId, Path model, int slots, int ctx, int threads, boolean embeddings,
                          String heap, Duration startTimeout) {}

    private final Options options;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private State state = State.STARTING;
    private Process process;
    private WorkerHttpClient client;
    private int failures;
    private final ArrayDeque<String> recentOutput = new ArrayDeque<>();

    public RunnerProcess(Options options) {
        this.options = options;
    }

    /** Starts the runner and waits until it serves; throws {@code UNAVAILABLE} with the runner's reason otherwise. */
    public RunnerProcess start() {
        launch();
        return this;
    }

    public State state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /** Pid of the current runner process, or -1. */
    public long pid() {
        lock.lock();
        try {
            return process == null ? -1 : process.pid();
        } finally {
            lock.unlock();
        }
    }

    /** The client of the serving runner, waiting for a restart in progress up to the start timeout. */
    public WorkerHttpClient client() {
        long deadline = System.nanoTime() + options.startTimeout().toNanos();
        Process current = null;
        lock.lock();
        try {
            if (state == State.READY && !process.isAlive()) current = process;
        } finally {
            lock.unlock();
        }
        if (current != null) onExit(current); // died and the exit callback has not run yet
        lock.lock();
        try {
            while (state == State.STARTING || state == State.RESTARTING) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new LlmsvcException(ErrorCode.UNAVAILABLE, "model " + options.modelId() + " is restarting; try again shortly");
                changed.awaitNanos(left);
            }
            if (state == State.STOPPED) throw new LlmsvcException(ErrorCode.UNAVAILABLE, "model " + options.modelId() + " is stopped");
            return client;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmsvcException(ErrorCode.UNAVAILABLE, "interrupted while waiting for model " + options.modelId());
        } finally {
            lock.unlock();
        }
    }

    private void launch() {
        String token = HexFormat.of().formatHex(randomBytes());
        List<String> command = RunnerCommand.build(options, ProcessHandle.current().pid());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put(RunnerMain.TOKEN_ENV, token);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw setFailed(new LlmsvcException(ErrorCode.UNAVAILABLE, "cannot start the runner of model " + options.modelId() + ": " + e.getMessage()));
        }
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> forwardOutput(p, ready), "runner-out-" + options.modelId());
        reader.setDaemon(true);
        reader.start();
        int port;
        try {
            port = ready.get(options.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            p.destroyForcibly();
            throw setFailed(new LlmsvcException(ErrorCode.UNAVAILABLE, "the runner of model " + options.modelId()
                    + " did not get ready within " + options.startTimeout().toSeconds() + "s"));
        } catch (ExecutionException e) {
            p.destroyForcibly();
            throw setFailed(new LlmsvcException(ErrorCode.UNAVAILABLE, "the runner of model " + options.modelId()
                    + " failed to start: " + e.getCause().getMessage()));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw setFailed(new LlmsvcException(ErrorCode.UNAVAILABLE, "interrupted while starting model " + options.modelId()));
        }
        InternalHttp http = new InternalHttp("http://127.0.0.1:" + port, new ClusterCredential(Secret.of(token)), CALL_TIMEOUT);
        lock.lock();
        try {
            if (state == State.STOPPED) { // closed while starting
                p.destroyForcibly();
                return;
            }
            process = p;
            client = new WorkerHttpClient(http);
            state = State.READY;
            failures = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        log.info("runner for model {} ready: pid {}, port {}", options.modelId(), p.pid(), port);
        p.onExit().thenRun(() -> onExit(p));
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private LlmsvcException setFailed(LlmsvcException e) {
        lock.lock();
        try {
            if (state == State.STARTING) state = State.STOPPED;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return e;
    }

    private void forwardOutput(Process p, CompletableFuture<Integer> ready) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!ready.isDone() && line.startsWith(RunnerMain.READY)) {
                    ready.complete(Integer.parseInt(line.substring(RunnerMain.READY.length()).strip()));
                } else if (!ready.isDone() && line.startsWith(RunnerMain.FAILED)) {
                    ready.completeExceptionally(new IllegalStateException(line.substring(RunnerMain.FAILED.length())));
                } else {
                    log.debug("[runner {}] {}", options.modelId(), line);
                    remember(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("[runner {}] output closed: {}", options.modelId(), e.toString());
        }
        if (!ready.isDone()) {
            String last;
            synchronized (recentOutput) {
                last = recentOutput.isEmpty() ? "" : " (last output: " + String.join(" | ", recentOutput) + ")";
            }
            ready.completeExceptionally(new IllegalStateException("it exited before it was ready" + last));
        }
    }

    private void remember(String line) {
        synchronized (recentOutput) {
            if (recentOutput.size() == 5) recentOutput.removeFirst();
            recentOutput.addLast(line.length() > 200 ? line.substring(0, 200) : line);
        }
    }

    private void onExit(Process p) {
        long delay;
        lock.lock();
        try {
            if (state != State.READY || process != p) return; // stopped, or this exit is handled already
            state = State.RESTARTING;
            client = null;
            delay = Math.min(MAX_BACKOFF_MS, 500L << Math.min(failures, 6));
            failures++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        log.warn("runner for model {} (pid {}) exited with status {}; restarting in {} ms",
                options.modelId(), p.pid(), p.exitValue(), delay);
        Thread.ofVirtual().name("runner-restart-" + options.modelId()).start(() -> restartAfter(delay));
    }

    private void restartAfter(long delayMs) {
        while (true) {
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                return;
            }
            lock.lock();
            try {
                if (state == State.STOPPED) return;
            } finally {
                lock.unlock();
            }
            try {
                launch();
                return;
            } catch (LlmsvcException e) {
                lock.lock();
                try {
                    if (state == State.STOPPED) return;
                    failures++;
                    delayMs = Math.min(MAX_BACKOFF_MS, 500L << Math.min(failures, 6));
                } finally {
                    lock.unlock();
                }
                log.warn("restarting the runner of model {} failed: {}; next try in {} ms", options.modelId(), e.getMessage(), delayMs);
            }
        }
    }

    @Override
    public void close() {
        Process p;
        lock.lock();
        try {
            state = State.STOPPED;
            client = null;
            p = process;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (p == null || !p.isAlive()) return;
        p.destroy();
        try {
            if (!p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        log.info("runner for model {} stopped", options.modelId());
    }
}
