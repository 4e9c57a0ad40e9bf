package io.llmsvc.gateway.logs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.gateway.auth.Principal;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The request log and usage APIs. An admin sees every user's requests (and may filter by {@code user_id}); anyone
 * else sees only their own. Every parameter is checked; unknown ones are rejected, so a typo does not silently
 * widen a query.
 */
@RestController
@ConditionalOnTarget(Target.GATEWAY)
class LogEndpoints {
    static final int DEFAULT_LIMIT = 100;
    private static final Set<String> FILTERS = Set.of("from", "to", "model", "status", "route", "key_prefix", "user_id", "calls");
    private static final Set<String> LOG_PARAMS = union(FILTERS, "limit", "cursor");
    private static final Set<String> USAGE_PARAMS = union(FILTERS, "group_by", "limit");

    private final RequestLogStore store;
    private final LogsProperties props;

    LogEndpoints(RequestLogStore store, LogsProperties props) {
        this.store = store;
        this.props = props;
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record LogPage(String object, List<RequestRecord> data, @JsonProperty("next_cursor") String nextCursor) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record UsageGroup(String key, long requests, @JsonProperty("tokens_in") long tokensIn,
                      @JsonProperty("tokens_out") long tokensOut, long errors,
                      @JsonProperty("avg_latency_ms") Double avgLatencyMs, @JsonProperty("max_latency_ms") Double maxLatencyMs,
                      @JsonProperty("avg_ttft_ms") Double avgTtftMs, @JsonProperty("avg_overhead_ms") Double avgOverheadMs) {}

    record UsageReport(String object, @JsonProperty("group_by") String groupBy, List<UsageGroup> data) {}

    @GetMapping("/api/v1/logs")
    LogPage logs(HttpServletRequest req) {
        Map<String, String> p = params(req, LOG_PARAMS);
        RequestLogStore.Filter f = filter(Principal.of(req), p);
        int limit = intParam(p, "limit", DEFAULT_LIMIT, 1, props.maxPageSize());
        Long cursor = p.containsKey("cursor") ? longParam(p.get("cursor")) : null;
        RequestLogStore.Page page = store.page(f, cursor, limit);
        return new LogPage("list", page.records(), page.nextCursor() == null ? null : page.nextCursor().toString());
    }

    @GetMapping("/api/v1/usage")
    UsageReport usage(HttpServletRequest req) {
        Map<String, String> p = params(req, USAGE_PARAMS);
        RequestLogStore.Filter f = filter(Principal.of(req), p);
        String g = p.getOrDefault("group_by", "model");
        RequestLogStore.GroupBy groupBy;
        try {
            groupBy = RequestLogStore.GroupBy.valueOf(g.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw LlmsvcException.invalid("group_by", "'group_by' must be one of user, key, model, day");
        }
        int limit = intParam(p, "limit", props.maxPageSize(), 1, props.maxPageSize());
        List<UsageGroup> groups = store.usage(f, groupBy, limit).stream()
                .map(u -> new UsageGroup(u.key(), u.requests(), u.tokensIn(), u.tokensOut(), u.errors(),
                        round(u.avgLatencyMs()), round(u.maxLatencyMs()), round(u.avgTtftMs()), round(u.avgOverheadMs())))
                .toList();
        return new UsageReport("usage", groupBy.name().toLowerCase(Locale.ROOT), groups);
    }

    /** The caller's filter: a non-admin is always limited to their own rows. */
    private static RequestLogStore.Filter filter(Principal principal, Map<String, String> p) {
        String userId = p.get("user_id");
        if (!principal.isAdmin()) {
            if (userId != null && !userId.equals(principal.userId())) {
                throw new LlmsvcException(ErrorCode.FORBIDDEN, "only an admin may read other users' requests", "user_id");
            }
            userId = principal.userId();
        }
        Instant from = p.containsKey("from") ? time(p.get("from"), "from", false) : null;
        Instant to = p.containsKey("to") ? time(p.get("to"), "to", true) : null;
        if (from != null && to != null && !from.isBefore(to)) {
            throw LlmsvcException.invalid("to", "'to' must be later than 'from'");
        }
        Integer status = p.containsKey("status") ? intParam(p, "status", 0, 100, 599) : null;
        String calls = p.getOrDefault("calls", "all");
        if (!calls.equals("all") && !calls.equals("model")) {
            throw LlmsvcException.invalid("calls", "'calls' must be all or model");
        }
        return new RequestLogStore.Filter(from, to, userId, p.get("key_prefix"), p.get("model"), status, p.get("route"),
                calls.equals("model"));
    }

    private static Map<String, String> params(HttpServletRequest req, Set<String> allowed) {
        Map<String, String> out = new java.util.HashMap<>();
        for (var e : req.getParameterMap().entrySet()) {
            String name = e.getKey();
            if (!allowed.contains(name)) {
                throw LlmsvcException.invalid(name, "unknown parameter '" + shorten(name) + "'; allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
            if (e.getValue().length != 1) throw LlmsvcException.invalid(name, "parameter '" + name + "' is given more than once");
            String v = e.getValue()[0].strip();
            if (v.isEmpty()) throw LlmsvcException.invalid(name, "parameter '" + name + "' is empty");
            if (v.length() > 256) throw LlmsvcException.invalid(name, "parameter '" + name + "' is longer than 256 characters");
            out.put(name, v);
        }
        return out;
    }

    /** An ISO-8601 instant ({@code 2026-11-21T10:00:00Z}) or a UTC date; as {@code to}, a date includes its whole day. */
    private static Instant time(String v, String name, boolean endOfDay) {
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException notInstant) {
            try {
                LocalDate d = LocalDate.parse(v);
                return (endOfDay ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                throw LlmsvcException.invalid(name, "'" + name + "' must be an ISO-8601 time such as 2026-11-21T10:00:00Z or a date such as 2026-11-21");
            }
        }
    }

    private static int intParam(Map<String, String> p, String name, int dflt, int min, int max) {
        String v = p.get(name);
        if (v == null) return dflt;
        try {
            int i = Integer.parseInt(v);
            if (i >= min && i <= max) return i;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw LlmsvcException.invalid(name, "'" + name + "' must be an integer between " + min + " and " + max);
    }

    private static long longParam(String v) {
        try {
            long l = Long.parseLong(v);
            if (l > 0) return l;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw LlmsvcException.invalid("cursor", "'cursor' must be the next_cursor of a previous page");
    }

    private static Double round(Double v) {
        return v == null ? null : Math.round(v * 1000) / 1000.0;
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static Set<String> union(Set<String> a, String... more) {
        java.util.HashSet<String> s = new java.util.HashSet<>(a);
        s.addAll(List.of(more));
        return Set.copyOf(s);
    }
}
