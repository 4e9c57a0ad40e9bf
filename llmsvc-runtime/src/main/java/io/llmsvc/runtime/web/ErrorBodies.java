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
 * The error bodies, by route: OpenAI's error object on {@code /v1} and other public routes, seed 002's chat
 * response ({@code success: false, error_message}) on {@code /api/v1/chat}, {@link InternalError} on {@code /internal}.
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
        if (path != null && path.equals(SEED_CHAT_PATH)) return seedChatError(e);
        return new OpenAiError(new OpenAiError.Detail(e.getMessage(), e.code().type(), e.param(), e.code().code()));
    }

    /** Request attribute holding the error code of a failed request, for request logs and metrics. */
    public static final String ERROR_CODE_ATTRIBUTE = "llmsvc.error-code";

    /** Seed 002's chat route answers errors in its own response shape. */
    public static final String SEED_CHAT_PATH = "/api/v1/chat";

    private static java.util.Map<String, Object> seedChatError(LlmsvcException e) {
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("session_id", null);
        body.put("response_text", "");
        body.put("total_tokens_used", 0);
        body.put("response_time", 0.0);
        body.put("success", false);
        body.put("error_message", e.getMessage());
        body.put("model", null);
        body.put("error_code", e.code().code());
        return body;
    }

    /** Writes the error directly (for filters, which run before the exception mapper). */
    public static void write(jakarta.servlet.http.HttpServletRequest req, LlmsvcException e, HttpServletResponse res) throws IOException {
        req.setAttribute(ERROR_CODE_ATTRIBUTE, e.code().code());
        String path = req.getRequestURI();
        if (res.isCommitted()) return;
        res.resetBuffer();
        res.setStatus(e.code().status());
        if (e instanceof io.llmsvc.api.RateLimitedException r) res.setHeader("Retry-After", Long.toString(r.retryAfterSeconds()));
        res.setContentType("application/json");
        res.setCharacterEncoding(StandardCharsets.UTF_8.name());
        res.getOutputStream().write(InternalJson.MAPPER.writeValueAsBytes(bodyFor(path, e)));
    }

    private ErrorBodies() {}
}
