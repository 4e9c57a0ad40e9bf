package io.llmsvc.runtime.internal;

import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.worker.GenerationEvent;
import io.llmsvc.api.worker.TokenStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Pumps a {@link TokenStream} to an NDJSON response, flushing after every event. When the peer has gone (a write
 * fails) the stream is cancelled at once so the generation's slot is freed; the IOException is rethrown.
 */
public final class NdjsonWriter {
    private static final byte[] NL = {'\n'};

    public static void pump(TokenStream stream, OutputStream out) throws IOException {
        try (stream) {
            while (stream.hasNext()) {
                write(stream.next(), out);
            }
        } catch (LlmsvcException e) {
            write(new GenerationEvent.Failed(e.code().code(), e.getMessage()), out);
        }
    }

    public static void write(GenerationEvent event, OutputStream out) throws IOException {
        out.write(InternalJson.MAPPER.writeValueAsBytes(event));
        out.write(NL);
        out.flush();
    }

    private NdjsonWriter() {}
}
