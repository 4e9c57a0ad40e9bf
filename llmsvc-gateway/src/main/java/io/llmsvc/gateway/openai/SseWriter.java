package io.llmsvc.gateway.openai;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.ObjectMapper;

/** Writes server-sent events the way OpenAI streams them: {@code data: <json>\n\n}, ending with {@code data: [DONE]}. */
final class SseWriter {
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final ObjectMapper mapper;

    SseWriter(HttpServletResponse res, ObjectMapper mapper) throws IOException {
        res.setContentType("text/event-stream");
        res.setCharacterEncoding("UTF-8");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        this.out = res.getOutputStream();
        this.mapper = mapper;
    }

    void event(Object payload) throws IOException {
        out.write(DATA);
        out.write(mapper.writeValueAsBytes(payload));
        out.write(END);
        out.flush();
    }

    void done() throws IOException {
        out.write(DONE);
        out.flush();
    }
}
