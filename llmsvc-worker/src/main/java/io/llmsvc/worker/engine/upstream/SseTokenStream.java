package io.llmsvc.worker.engine.upstream;

import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.Secret;
import io.llmsvc.api.worker.FinishReason;
import io.llmsvc.api.worker.GenerationEvent;
import io.llmsvc.api.worker.TokenStream;
import io.llmsvc.api.worker.Usage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads an OpenAI server-sent-event stream ({@code data: {...}} events, then {@code data: [DONE]}) as
 * {@link GenerationEvent}s. Chunks without text or tool calls (the opening role chunk, the usage chunk) yield no
 * event. The request is sent again when it fails before the first {@link GenerationEvent.Delta} reached the caller
 * (within the retry budget); afterwards a failure is a final {@link GenerationEvent.Failed}. Silence longer than
 * the upstream's timeout counts as a failure ({@code TIMEOUT}). After {@link #cancel()} the stream ends at once
 * ({@link #hasNext()} is false) and the HTTP exchange is aborted, so the upstream stops generating.
 */
final class SseTokenStream implements TokenStream {
    private static final Logger log = LoggerFactory.getLogger(SseTokenStream.class);
    private final UpstreamConnection connection;
    private final String path;
    private final ObjectNode body;
    private final Secret key;
    private final String model;
    private final int promptEstimate;
    private final Attempts attempts;
    private final Consumer<SseTokenStream> onEnd;

    private volatile InputStream in;
    private volatile Watchdog watchdog;
    private volatile boolean cancelled;
    private BufferedReader reader;
    private GenerationEvent pending;
    private boolean finished;
    private boolean delivered;
    private FinishReason finishReason;
    private Usage usage;
    private int completionEstimate;

    SseTokenStream(UpstreamConnection connection, String path, ObjectNode body, Secret key, String model,
                   int promptEstimate, Consumer<SseTokenStream> onEnd) {
        this.connection = connection;
        this.path = path;
        this.body = body;
        this.key = key;
        this.model = model;
        this.promptEstimate = promptEstimate;
        this.attempts = new Attempts(connection.settings().retries());
        this.onEnd = onEnd;
    }

    /** Sends the request (with retries) up to the response headers; mapped errors are thrown to the caller. */
    void open() {
        try {
            attach(connection.exchange(path, body, key, model, attempts));
        } catch (RuntimeException e) {
            end();
            throw e;
        }
    }

    private void attach(HttpResponse<InputStream> res) {
        InputStream body = res.body();
        in = body;
        reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        finishReason = null;
        usage = null;
        completionEstimate = 0;
        watchdog = Watchdog.arm(connection.timeout(), () -> UpstreamConnection.closeQuietly(body));
        watchdog.idle(); // silence counts only while hasNext() waits for the upstream
        if (cancelled) UpstreamConnection.closeQuietly(body);
    }

    @Override
    public boolean hasNext() {
        if (pending != null) return true;
        if (finished) return false;
        while (pending == null) {
            if (cancelled) {
                end();
                return false;
            }
            try {
                String data = readEvent();
                pending = data == null ? endOfBody() : parse(data);
            } catch (IOException e) {
                if (cancelled) continue;
                pending = retryOrFail(watchdog.expired() ? connection.errors().timeout() : connection.errors().ofTransport(e));
            } catch (LlmsvcException e) {
                pending = retryOrFail(e);
            }
        }
        if (cancelled) { // a read that failed or ended because of cancel() is no upstream failure
            pending = null;
            end();
            return false;
        }
        if (pending instanceof GenerationEvent.Delta) {
            delivered = true;
        } else {
            end();
        }
        return true;
    }

    @Override
    public GenerationEvent next() {
        if (!hasNext()) throw new NoSuchElementException();
        GenerationEvent e = pending;
        pending = null;
        return e;
    }

    @Override
    public void cancel() {
        cancelled = true;
        attempts.cancel();
        closeCurrent();
        onEnd.accept(this);
    }

    /** The data of the next event (multi-line data joined by newlines, per the SSE spec), or null at the end. */
    private String readEvent() throws IOException {
        StringBuilder data = null;
        String line;
        watchdog.waiting();
        try {
            while ((line = reader.readLine()) != null) {
                watchdog.touch();
                if (line.isEmpty()) {
                    if (data != null) return data.toString();
                    continue;
                }
                if (!line.startsWith("data:")) continue; // comments (": keep-alive"), event:, id:, retry:
                String value = line.substring(line.startsWith("data: ") ? 6 : 5);
                if (data == null) data = new StringBuilder(value);
                else data.append('\n').append(value);
            }
            return data == null ? null : data.toString();
        } finally {
            watchdog.idle();
        }
    }

    private GenerationEvent parse(String data) {
        if (data.strip().equals("[DONE]")) return done();
        JsonNode chunk;
        try {
            chunk = UpstreamErrors.JSON.readTree(data);
        } catch (JacksonException e) {
            return failed(connection.errors().unreadable());
        }
        JsonNode error = chunk.path("error");
        if (!error.isMissingNode() && !error.isNull()) return failed(connection.errors().ofStreamError(chunk, key));
        JsonNode u = chunk.path("usage");
        if (u.isObject() && u.path("prompt_tokens").isNumber()) {
            usage = new Usage(u.path("prompt_tokens").asInt(), u.path("completion_tokens").asInt(0));
        }
        JsonNode choice = chunk.path("choices").path(0);
        if (choice.isMissingNode()) return null;
        JsonNode reason = choice.path("finish_reason");
        if (reason.isString()) finishReason = finishReasonOf(reason.stringValue());
        JsonNode delta = choice.path("delta");
        JsonNode content = delta.isObject() ? delta.path("content") : choice.path("text");
        String text = content.isString() ? content.stringValue() : "";
        JsonNode toolCalls = delta.path("tool_calls");
        boolean hasTools = toolCalls.isArray() && !toolCalls.isEmpty();
        if (text.isEmpty() && !hasTools) return null;
        completionEstimate += TokenEstimate.ofText(text) + (hasTools ? TokenEstimate.ofJson(toolCalls) : 0);
        return new GenerationEvent.Delta(text, hasTools ? toolCalls : null);
    }

    /** The body ended without {@code [DONE]}: tolerated once a finish reason came, otherwise a broken stream. */
    private GenerationEvent endOfBody() {
        if (finishReason != null) return done();
        return retryOrFail(connection.errors().brokenStream());
    }

    private GenerationEvent done() {
        // ROUGH ESTIMATE (see TokenEstimate) only when the upstream ignored stream_options.include_usage.
        Usage u = usage != null ? usage : new Usage(promptEstimate, completionEstimate);
        return new GenerationEvent.Done(finishReason == null ? FinishReason.STOP : finishReason, u);
    }

    /** Another attempt when nothing reached the caller yet and the budget allows; else the final event. */
    private GenerationEvent retryOrFail(LlmsvcException failure) {
        closeCurrent();
        if (delivered || cancelled) return failed(failure);
        log.warn("{} {} failed before the first token: {} ({} of {} retries used)", path, model, failure.getMessage(),
                attempts.retriesUsed(), connection.settings().retries());
        if (!attempts.backoff()) return failed(cancelled ? Attempts.cancelledError(connection.name()) : failure);
        try {
            attach(connection.exchange(path, body, key, model, attempts));
            return null;
        } catch (LlmsvcException e) {
            return failed(e);
        }
    }

    private static GenerationEvent failed(LlmsvcException e) {
        return new GenerationEvent.Failed(e.code().code(), e.getMessage());
    }

    private static FinishReason finishReasonOf(String wire) {
        return "function_call".equals(wire) ? FinishReason.TOOL_CALLS : FinishReason.fromWire(wire);
    }

    private void closeCurrent() {
        Watchdog w = watchdog;
        if (w != null) w.disarm();
        InputStream current = in;
        if (current != null) UpstreamConnection.closeQuietly(current);
    }

    private void end() {
        if (finished) return;
        finished = true;
        closeCurrent();
        onEnd.accept(this);
    }

    @Override
    public String toString() {
        return "SseTokenStream[" + connection.name() + "/" + model + "]";
    }
}
