package io.llmsvc.api.worker;

import java.util.Iterator;

/**
 * A pull stream of {@link GenerationEvent}s. {@link #hasNext()} blocks until the next event; the last event is a
 * {@link GenerationEvent.Done} or {@link GenerationEvent.Failed}. {@link #cancel()} stops the generation and frees
 * its slot at once; {@link #close()} cancels a stream that has not finished, so a caller that stops reading
 * (client gone, exception) must close it.
 */
public interface TokenStream extends Iterator<GenerationEvent>, AutoCloseable {

    void cancel();

    @Override
    default void close() { cancel(); }
}
