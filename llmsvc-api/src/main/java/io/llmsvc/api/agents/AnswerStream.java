package io.llmsvc.api.agents;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A pull stream of {@link AnswerEvent}s. {@link #hasNext()} blocks until the next event; the last one is a
 * {@link AnswerEvent.Done} or {@link AnswerEvent.Failed}. {@link #cancel()} stops the generation behind it;
 * {@link #close()} cancels a stream that has not finished, so a caller that stops reading (client gone, exception)
 * must close it.
 */
public interface AnswerStream extends Iterator<AnswerEvent>, AutoCloseable {

    void cancel();

    @Override
    default void close() { cancel(); }

    /** A finished answer as a stream: start, its whole text as one delta (none when empty), done. */
    static AnswerStream of(AnswerResponse answer) {
        String text = answer.answer() == null ? "" : answer.answer();
        List<AnswerEvent> events = new java.util.ArrayList<>();
        events.add(new AnswerEvent.Start(answer.method(), answer.model(), answer.citations()));
        if (!text.isEmpty()) events.add(new AnswerEvent.Delta(text));
        events.add(new AnswerEvent.Done(answer));
        return of(events);
    }

    /** These events, in order. */
    static AnswerStream of(List<AnswerEvent> events) {
        Iterator<AnswerEvent> it = List.copyOf(events).iterator();
        return new AnswerStream() {
            private boolean cancelled;

            @Override
            public boolean hasNext() { return !cancelled && it.hasNext(); }

            @Override
            public AnswerEvent next() {
                if (!hasNext()) throw new NoSuchElementException();
                return it.next();
            }

            @Override
            public void cancel() { cancelled = true; }
        };
    }
}
