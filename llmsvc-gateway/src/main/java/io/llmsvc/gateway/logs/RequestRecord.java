package io.llmsvc.gateway.logs;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One row of the request log. Holds no secrets: the key appears only as its public prefix, and no request or
 * response content is recorded.
 *
 * @param id        time-ordered id ({@link RequestIds}); a string in JSON, since it exceeds JavaScript's exact integers
 * @param target    the worker that served the request, or null when none did
 * @param latencyMs time from the request's arrival to the end of the response
 * @param ttftMs    time to the first generated token, or null (not a generation, or it failed before)
 * @param overheadMs time spent in the gateway itself (latency minus time waiting on workers and the controller)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RequestRecord(
        @JsonFormat(shape = JsonFormat.Shape.STRING) long id,
        Instant ts,
        @JsonProperty("user_id") String userId,
        @JsonProperty("key_prefix") String keyPrefix,
        String route,
        String target,
        String model,
        int status,
        @JsonProperty("error_code") String errorCode,
        @JsonProperty("latency_ms") double latencyMs,
        @JsonProperty("ttft_ms") Double ttftMs,
        @JsonProperty("tokens_in") int tokensIn,
        @JsonProperty("tokens_out") int tokensOut,
        @JsonProperty("overhead_ms") double overheadMs,
        boolean streamed) {

    static RequestRecord of(long id, Instant ts, String userId, String keyPrefix, String route, String target, String model,
                            int status, String errorCode, double latencyMs, Double ttftMs, int tokensIn, int tokensOut,
                            double overheadMs, boolean streamed) {
        return new RequestRecord(id, ts, cut(userId, 128), cut(keyPrefix, 32), cut(route, 200),
                cut(target, 128), cut(model, 256), status, cut(errorCode, 64), latencyMs, ttftMs, tokensIn, tokensOut,
                overheadMs, streamed);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
