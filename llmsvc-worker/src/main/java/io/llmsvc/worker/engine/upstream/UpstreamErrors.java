package io.llmsvc.worker.engine.upstream;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.Secret;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns an upstream's HTTP failures into our {@link ErrorCode}s. Messages name the upstream by its configured
 * {@code name} only: the base URL may carry credentials in its user-info part, and a key never appears.
 */
final class UpstreamErrors {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_MESSAGE = 300;

    private final String name;
    private final Duration timeout;
    private final Secret operatorKey;

    UpstreamErrors(String name, Duration timeout, Secret operatorKey) {
        this.name = name;
        this.timeout = timeout;
        this.operatorKey = operatorKey;
    }

    /** An error for a non-2xx answer; {@code usedKey} is scrubbed from any message taken from the body. */
    LlmsvcException ofStatus(int status, byte[] body, String model, Secret usedKey) {
        String upstreamMessage = scrub(messageOf(body), usedKey);
        String upstreamCode = codeOf(body);
        return switch (status) {
            case 400, 422 -> {
                String lower = (upstreamMessage + " " + upstreamCode).toLowerCase(Locale.ROOT);
                if (lower.contains("context_length_exceeded") || lower.contains("context length")
                        || lower.contains("maximum context")) {
                    yield new LlmsvcException(ErrorCode.CONTEXT_LENGTH_EXCEEDED,
                            orDefault(upstreamMessage, "the prompt does not fit the model's context"));
                }
                yield new LlmsvcException(ErrorCode.INVALID_REQUEST,
                        orDefault(upstreamMessage, "upstream '" + name + "' rejected the request"));
            }
            case 401, 403 -> new LlmsvcException(ErrorCode.UPSTREAM_ERROR, "upstream rejected the provider key");
            case 404 -> new LlmsvcException(ErrorCode.MODEL_NOT_FOUND,
                    "model '" + model + "' is not available at upstream '" + name + "'");
            case 413 -> new LlmsvcException(ErrorCode.PAYLOAD_TOO_LARGE, "the request is too large for upstream '" + name + "'");
            case 429 -> "insufficient_quota".equals(upstreamCode)
                    ? new LlmsvcException(ErrorCode.INSUFFICIENT_QUOTA, "upstream '" + name + "' reports the provider quota is used up")
                    : new LlmsvcException(ErrorCode.RATE_LIMITED, "upstream '" + name + "' is rate limiting requests; try again later");
            default -> new LlmsvcException(ErrorCode.UPSTREAM_ERROR,
                    "upstream '" + name + "' answered HTTP " + status);
        };
    }

    /** Whether a failed status is worth another attempt: the upstream's trouble, not the request's. */
    static boolean retryable(int status, LlmsvcException mapped) {
        return status >= 500 || mapped.code() == ErrorCode.RATE_LIMITED;
    }

    LlmsvcException ofTransport(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return new LlmsvcException(ErrorCode.TIMEOUT, "cannot connect to upstream '" + name + "' within " + seconds(), null, e);
        }
        if (e instanceof HttpTimeoutException) {
            return timeout();
        }
        if (e instanceof ConnectException) {
            return new LlmsvcException(ErrorCode.UNAVAILABLE, "cannot reach upstream '" + name + "'", null, e);
        }
        return new LlmsvcException(ErrorCode.UNAVAILABLE, "the connection to upstream '" + name + "' failed", null, e);
    }

    LlmsvcException timeout() {
        return new LlmsvcException(ErrorCode.TIMEOUT, "upstream '" + name + "' did not answer within " + seconds());
    }

    LlmsvcException brokenStream() {
        return new LlmsvcException(ErrorCode.UNAVAILABLE, "upstream '" + name + "' ended the stream early");
    }

    LlmsvcException unreadable() {
        return new LlmsvcException(ErrorCode.UPSTREAM_ERROR, "unreadable answer from upstream '" + name + "'");
    }

    /** An {@code error} object sent inside an otherwise successful stream (vLLM and OpenAI do this). */
    LlmsvcException ofStreamError(JsonNode error, Secret usedKey) {
        String msg = scrub(messageOf(error), usedKey);
        return new LlmsvcException(ErrorCode.UPSTREAM_ERROR, "upstream '" + name + "' failed: " + orDefault(msg, "no reason given"));
    }

    private String seconds() {
        long ms = timeout.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }

    private String scrub(String message, Secret usedKey) {
        if (message == null) return null;
        String m = message;
        for (Secret s : new Secret[] {usedKey, operatorKey}) {
            if (s != null) m = m.replace(s.reveal(), "****");
        }
        return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "…" : m;
    }

    private static String orDefault(String s, String fallback) {
        return s == null || s.isBlank() ? fallback : s;
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) return null;
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** OpenAI {@code {"error":{"message"}}}, Ollama {@code {"error":"..."}}, vLLM {@code {"message"}}, FastAPI {@code {"detail"}}. */
    private static String messageOf(byte[] body) {
        return messageOf(parse(body));
    }

    private static String messageOf(JsonNode n) {
        if (n == null) return null;
        JsonNode err = n.path("error");
        if (err.isString()) return err.stringValue();
        for (JsonNode candidate : new JsonNode[] {err.path("message"), n.path("message"), n.path("detail")}) {
            if (candidate.isString()) return candidate.stringValue();
        }
        return null;
    }

    private static String codeOf(byte[] body) {
        JsonNode n = parse(body);
        if (n == null) return "";
        JsonNode err = n.path("error");
        for (JsonNode candidate : new JsonNode[] {err.path("code"), err.path("type"), n.path("code"), n.path("type")}) {
            if (candidate.isString()) return candidate.stringValue();
        }
        return "";
    }
}
