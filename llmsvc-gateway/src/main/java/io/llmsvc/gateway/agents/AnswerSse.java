package io.llmsvc.gateway.agents;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.agents.AnswerEvent;
import io.llmsvc.api.agents.AnswerResponse;
import io.llmsvc.api.agents.AnswerStream;
import io.llmsvc.gateway.exchange.Exchange;
import io.llmsvc.runtime.web.ErrorBodies;
import io.llmsvc.runtime.web.StrictJson;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A streamed document answer as server-sent events, one JSON object per {@code data:} line, each with its
 * {@code type}: {@code start} (method, model, the passages given), {@code delta} ({@code text}), then {@code done}
 * (the whole answer, the fields of the unstreamed answer) or {@code error} ({@code error: {message, type, code}}).
 * A client that hangs up makes a write fail, which closes the stream and so cancels the generation.
 */
final class AnswerSse {
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private AnswerSse() {}

    /** Writes the stream to its end; returns the done event's answer, or null when it failed. */
    static AnswerResponse write(AnswerStream stream, Exchange ex, HttpServletResponse res) throws IOException {
        ex.streamed();
        res.setHeader(Exchange.OVERHEAD_HEADER, ex.overheadHeader());
        res.setContentType("text/event-stream");
        res.setCharacterEncoding("UTF-8");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        OutputStream out = res.getOutputStream();
        AnswerResponse answer = null;
        try (stream) {
            while (waitFor(stream, ex)) {
                switch (stream.next()) {
                    case AnswerEvent.Start s -> {
                        Map<String, Object> e = typed("start");
                        e.put("method", s.method());
                        if (s.model() != null) e.put("model", s.model());
                        e.put("citations", s.citations());
                        event(out, e);
                    }
                    case AnswerEvent.Delta d -> {
                        ex.firstToken();
                        Map<String, Object> e = typed("delta");
                        e.put("text", d.text());
                        event(out, e);
                    }
                    case AnswerEvent.Done d -> {
                        answer = d.answer();
                        Map<String, Object> e = typed("done");
                        e.putAll(StrictJson.MAPPER.convertValue(d.answer(), MAP));
                        event(out, e);
                    }
                    case AnswerEvent.Failed f -> error(out, ex, new LlmsvcException(ErrorCode.fromCode(f.code()), f.message()));
                }
            }
        } catch (LlmsvcException e) {
            error(out, ex, e);
        }
        return answer;
    }

    private static final tools.jackson.core.type.TypeReference<Map<String, Object>> MAP = new tools.jackson.core.type.TypeReference<>() {};

    /** Time blocked on the agent is not gateway overhead. */
    private static boolean waitFor(AnswerStream stream, Exchange ex) {
        long t = System.nanoTime();
        try {
            return stream.hasNext();
        } finally {
            ex.waited(System.nanoTime() - t);
        }
    }

    private static Map<String, Object> typed(String type) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", type);
        return e;
    }

    private static void error(OutputStream out, Exchange ex, LlmsvcException failure) throws IOException {
        ex.errorCode(failure.code().code());
        Map<String, Object> e = typed("error");
        e.put("error", ((ErrorBodies.OpenAiError) ErrorBodies.bodyFor(DocumentEndpoints.PATH, failure)).error());
        event(out, e);
    }

    private static void event(OutputStream out, Object payload) throws IOException {
        out.write(DATA);
        out.write(StrictJson.MAPPER.writeValueAsBytes(payload));
        out.write(END);
        out.flush();
    }
}
