package io.llmsvc.worker.slot;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.worker.GenerationEvent;
import io.llmsvc.api.worker.GenerationRequest;
import io.llmsvc.api.worker.TokenStream;
import io.llmsvc.worker.engine.InferenceEngine;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The slots of one model: at most {@code engine.slots()} generations run at once, the rest wait in a fair queue
 * (bounded: a full queue answers 503 at once rather than piling up). Counts what heartbeats report.
 */
final class ModelSlots {
    static final int MAX_QUEUE_PER_SLOT = 64;

    private final InferenceEngine engine;
    private final Semaphore free;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final SpeedMeter speed = new SpeedMeter();

    ModelSlots(InferenceEngine engine) {
        this.engine = engine;
        this.free = new Semaphore(engine.slots(), true);
    }

    InferenceEngine engine() { return engine; }

    int waiting() { return waiting.get(); }

    int active() { return active.get(); }

    double tokensPerSecond() { return speed.tokensPerSecond(); }

    TokenStream generate(GenerationRequest request) {
        // tryAcquire() would barge past waiting requests even on a fair semaphore; the timed form keeps the order
        if (!tryAcquireInOrder()) {
            if (waiting.incrementAndGet() > MAX_QUEUE_PER_SLOT * engine.slots()) {
                waiting.decrementAndGet();
                throw new LlmsvcException(ErrorCode.UNAVAILABLE, "model " + engine.card().id() + " has too many queued requests");
            }
            try {
                free.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LlmsvcException(ErrorCode.UNAVAILABLE, "interrupted while waiting for a slot");
            } finally {
                waiting.decrementAndGet();
            }
        }
        active.incrementAndGet();
        TokenStream inner;
        try {
            inner = engine.generate(request);
        } catch (RuntimeException e) {
            active.decrementAndGet();
            free.release();
            throw e;
        }
        return new SlotStream(inner);
    }

    private boolean tryAcquireInOrder() {
        try {
            return free.tryAcquire(0, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmsvcException(ErrorCode.UNAVAILABLE, "interrupted while waiting for a slot");
        }
    }

    /** Releases the slot exactly once: at the final event, on cancel, or when the engine fails. */
    private final class SlotStream implements TokenStream {
        private final TokenStream inner;
        private final AtomicBoolean released = new AtomicBoolean();
        private final long started = System.nanoTime();

        SlotStream(TokenStream inner) {
            this.inner = inner;
        }

        @Override
        public boolean hasNext() {
            try {
                return inner.hasNext();
            } catch (RuntimeException e) {
                release(0);
                throw e;
            }
        }

        @Override
        public GenerationEvent next() {
            GenerationEvent ev;
            try {
                ev = inner.next();
            } catch (RuntimeException e) {
                release(0);
                throw e;
            }
            if (ev instanceof GenerationEvent.Done d) release(d.usage() == null ? 0 : d.usage().completionTokens());
            else if (ev instanceof GenerationEvent.Failed) release(0);
            return ev;
        }

        @Override
        public void cancel() {
            try {
                inner.cancel();
            } finally {
                release(0);
            }
        }

        private void release(int tokens) {
            if (released.compareAndSet(false, true)) {
                if (tokens > 0) speed.record(tokens, System.nanoTime() - started);
                active.decrementAndGet();
                free.release();
            }
        }
    }
}
