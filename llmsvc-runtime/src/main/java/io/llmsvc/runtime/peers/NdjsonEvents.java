package io.llmsvc.runtime.peers;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.runtime.internal.InternalHttp;
import io.llmsvc.runtime.internal.InternalJson;
import io.llmsvc.runtime.internal.PeerUnreachableException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/**
 * Reads events of one type, one JSON object per line, up to the final one; a connection lost before the final event
 * is an error. {@link #cancel()} closes the connection, which the serving side notices and stops.
 */
class NdjsonEvents<E> {
    private final InputStream in;
    private final BufferedReader reader;
    private final InternalHttp http;
    private final Class<E> type;
    private final Predicate<E> isFinal;
    private final String peer;
    private E next;
    private boolean finished;

    /** @param peer what the other side is, for messages ("worker", "document agent") */
    NdjsonEvents(InputStream in, InternalHttp http, Class<E> type, Predicate<E> isFinal, String peer) {
        this.in = in;
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.http = http;
        this.type = type;
        this.isFinal = isFinal;
        this.peer = peer;
    }

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
            throw new PeerUnreachableException(ErrorCode.UNAVAILABLE, "lost the connection to the " + peer + " at " + http.baseUrl(), e);
        }
        if (line == null) {
            finished = true;
            closeQuietly();
            throw new PeerUnreachableException(ErrorCode.UNAVAILABLE, "the " + peer + " at " + http.baseUrl() + " ended the stream early", null);
        }
        next = InternalJson.MAPPER.readValue(line, type);
        if (isFinal.test(next)) {
            finished = true;
            readToEndAndClose(); // here, not in next(): callers time hasNext() as waiting on the peer
        }
        return true;
    }

    public E next() {
        if (!hasNext()) throw new NoSuchElementException();
        E e = next;
        next = null;
        return e;
    }

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
