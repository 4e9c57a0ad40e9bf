package io.llmsvc.runtime.peers;

import io.llmsvc.api.worker.GenerationEvent;
import io.llmsvc.api.worker.TokenStream;
import io.llmsvc.runtime.internal.InternalHttp;
import java.io.InputStream;

/** Reads {@link GenerationEvent}s, one JSON object per line; a connection lost before the final event is an error. */
final class NdjsonTokenStream extends NdjsonEvents<GenerationEvent> implements TokenStream {

    NdjsonTokenStream(InputStream in, InternalHttp http) {
        super(in, http, GenerationEvent.class, e -> !(e instanceof GenerationEvent.Delta), "worker");
    }
}
