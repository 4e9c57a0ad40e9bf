package io.llmsvc.runtime.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.runtime.internal.InternalError;
import io.llmsvc.runtime.internal.InternalJson;
import io.llmsvc.runtime.internal.InternalPaths;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The error bodies, by route: OpenAI's error object everywhere public, {@link InternalError} on {@code /internal}.
 * Messages come from {@link LlmsvcException}s, which never carry secrets or stack traces.
 */
public final class ErrorBodies {

    /** OpenAI's {@code {"error": {...}}}. */
    public record OpenAiError(Detail error) {
        @JsonInclude(JsonInclude.Include.ALWAYS)
        public record Detail(String message, String type, String param, String code) {}
    }

    public static Object bodyFor(String path, LlmsvcException e) {
        if (path != null && path.startsWith(InternalPaths.PREFIX)) return InternalError.of(e);
        return new OpenAiError(new OpenAiError.Detail(e.getMessage(), e.code().type(), e.param(), e.code().code()));
    }

    /** Writes the error directly (for filters, which run before the exception mapper). */
    public static void write(String path, LlmsvcException e, HttpServletResponse res) throws IOException {
        if (res.isCommitted()) return;
        res.resetBuffer();
        res.setStatus(e.code().status());
        res.setContentType("application/json");
        res.setCharacterEncoding(StandardCharsets.UTF_8.name());
        res.getOutputStream().write(InternalJson.MAPPER.writeValueAsBytes(bodyFor(path, e)));
    }

    private ErrorBodies() {}
}
