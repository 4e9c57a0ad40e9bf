package io.llmsvc.runtime.peers;

import io.llmsvc.api.agents.AnswerEvent;
import io.llmsvc.api.agents.AnswerStream;
import io.llmsvc.runtime.internal.InternalHttp;
import java.io.InputStream;

/** Reads a document agent's {@link AnswerEvent}s, one JSON object per line, up to its done or failed event. */
final class NdjsonAnswerStream extends NdjsonEvents<AnswerEvent> implements AnswerStream {

    NdjsonAnswerStream(InputStream in, InternalHttp http) {
        super(in, http, AnswerEvent.class, e -> e instanceof AnswerEvent.Done || e instanceof AnswerEvent.Failed, "document agent");
    }
}
