package io.llmsvc.runtime.peers;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.worker.GenerationEvent;
import io.llmsvc.api.worker.TokenStream;
import io.llmsvc.runtime.internal.InternalHttp;
import io.llmsvc.runtime.internal.InternalJson;
import io.llmsvc.runtime.internal.PeerUnreachableException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.NoSuchElementException;

/** Reads {@link GenerationEvent}s, one JSON object per line; a connection lost before the final event is an error. */
final class NdjsonTokenStream implements TokenStream {
    private final InputStream in;
    private final BufferedReader reader;
    private final InternalHttp http;
    private GenerationEvent next;
    private boolean finished;

    NdjsonTokenStream(InputStream in, InternalHttp http) {
        this.in = in;
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.http = http;
    }

    @Override
    public boolean hasNext() {
        if (next != null) return true;
        if (finished) return false;
        String line;
        try {
            do {
                line = reader.readLine();
            } while (line != null && line.isBlank());
        } catch (IOException e) {
            finished = true;
            closeQuietly();
            throw new PeerUnreachableException(ErrorCode.UNAVAILABLE, "lost the connection to the worker at " + http.baseUrl(), e);
        }
        if (line == null) {
            finished = true;
            closeQuietly();
            throw new PeerUnreachableException(ErrorCode.UNAVAILABLE, "the worker at " + http.baseUrl() + " ended the stream early", null);
        }
        next = InternalJson.MAPPER.readValue(line, GenerationEvent.class);
        if (!(next instanceof GenerationEvent.Delta)) {
            finished = true;
            readToEndAndClose(); // here, not in next(): callers time hasNext() as waiting on the peer
        }
        return true;
    }

    @Override
    public GenerationEvent next() {
        if (!hasNext()) throw new NoSuchElementException();
        GenerationEvent e = next;
        next = null;
        return e;
    }

    @Override
    public void cancel() {
        finished = true;
        closeQuietly();
    }

    /**
     * After the final event the peer ends the body at once; reading to that end before closing leaves the pooled
     * connection alone. Closing a body whose end has not been read cancels it, and the JDK client then closes the
     * connection even when it has already handed it to another request (which fails with "header parser received
     * no bytes").
     */
    private void readToEndAndClose() {
        try {
            while (reader.read() >= 0) {
                // nothing follows the final event; a peer that sent more is not ours to interpret
            }
        } catch (IOException ignored) {
            // gone: nothing left to read
        }
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            in.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
