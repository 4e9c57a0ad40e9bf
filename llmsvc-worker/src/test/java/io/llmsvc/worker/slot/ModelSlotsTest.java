package io.llmsvc.worker.slot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.worker.EmbeddingRequest;
import io.llmsvc.api.worker.EmbeddingResult;
import io.llmsvc.api.worker.FinishReason;
import io.llmsvc.api.worker.GenerationEvent;
import io.llmsvc.api.worker.GenerationRequest;
import io.llmsvc.api.worker.ModelCard;
import io.llmsvc.api.worker.TokenStream;
import io.llmsvc.api.worker.TokenizeRequest;
import io.llmsvc.api.worker.TokenizeResult;
import io.llmsvc.api.worker.Usage;
import io.llmsvc.worker.engine.InferenceEngine;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Slot accounting in front of an engine. The engine here is a test double that emits one Done per generation, so
 * the queue's order and counts can be observed exactly.
 */
class ModelSlotsTest {

    /** An engine whose generations end when the stream is read; it records the order requests started. */
    static final class RecordingEngine implements InferenceEngine {
        final List<String> started = new CopyOnWriteArrayList<>();
        final int slots;

        RecordingEngine(int slots) {
            this.slots = slots;
        }

        @Override
        public ModelCard card() { return new ModelCard("m", "test", 64, Set.of(ModelCard.CHAT)); }

        @Override
        public int slots() { return slots; }

        @Override
        public TokenStream generate(GenerationRequest request) {
            started.add(request.requestId());
            return new TokenStream() {
                boolean done;

                @Override
                public boolean hasNext() { return !done; }

                @Override
                public GenerationEvent next() {
                    done = true;
                    return new GenerationEvent.Done(FinishReason.STOP, new Usage(1, 1));
                }

                @Override
                public void cancel() { done = true; }
            };
        }

        @Override
        public EmbeddingResult embed(EmbeddingRequest request) { throw new UnsupportedOperationException(); }

        @Override
        public TokenizeResult tokenize(TokenizeRequest request) { throw new UnsupportedOperationException(); }

        @Override
        public void close() {}
    }

    static GenerationRequest req(String id) {
        return new GenerationRequest(id, "m", null, "p", 1, 0f, null, null, List.of(), null, null, null, null);
    }

    static void drain(TokenStream s) {
        while (s.hasNext()) s.next();
    }

    /** Repeated, because a barging implementation loses the race only some of the time. */
    @Test
    void aReleasedSlotGoesToTheWaitingRequestNotToANewcomer() throws Exception {
        for (int round = 0; round < 15; round++) {
            RecordingEngine engine = new RecordingEngine(1);
            ModelSlots slots = new ModelSlots(engine);
            TokenStream first = slots.generate(req("first"));
            Thread waiter = Thread.ofVirtual().start(() -> drain(slots.generate(req("waiter"))));
            while (slots.waiting() == 0) Thread.onSpinWait();
            Thread.sleep(40);                          // let the waiter park on the queue
            drain(first);                              // frees the slot, and at once
            drain(slots.generate(req("newcomer")));    // a newcomer asks for it: it must queue behind the waiter
            waiter.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(engine.started).as("round " + round).containsExactly("first", "waiter", "newcomer");
            assertThat(slots.active()).isZero();
            assertThat(slots.waiting()).isZero();
        }
    }

    @Test
    void cancellingAStreamFreesItsSlotOnce() {
        ModelSlots slots = new ModelSlots(new RecordingEngine(1));
        TokenStream s = slots.generate(req("a"));
        assertThat(slots.active()).isEqualTo(1);
        s.cancel();
        s.cancel();
        assertThat(slots.active()).isZero();
        drain(slots.generate(req("b")));
        assertThat(slots.active()).isZero();
    }

    @Test
    void aFullQueueIsRefusedAtOnce() throws Exception {
        ModelSlots slots = new ModelSlots(new RecordingEngine(1));
        TokenStream holder = slots.generate(req("holder"));
        List<Thread> waiters = new CopyOnWriteArrayList<>();
        for (int i = 0; i < ModelSlots.MAX_QUEUE_PER_SLOT; i++) {
            waiters.add(Thread.ofVirtual().start(() -> drain(slots.generate(req("w")))));
        }
        while (slots.waiting() < ModelSlots.MAX_QUEUE_PER_SLOT) Thread.onSpinWait();
        assertThatThrownBy(() -> slots.generate(req("one-too-many")))
                .isInstanceOf(LlmsvcException.class).hasMessageContaining("too many queued");
        drain(holder);
        for (Thread t : waiters) t.join(10_000);
        assertThat(slots.waiting()).isZero();
    }
}
