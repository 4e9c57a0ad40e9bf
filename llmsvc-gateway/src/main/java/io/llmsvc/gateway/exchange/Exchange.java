package io.llmsvc.gateway.exchange;

import io.llmsvc.api.worker.Usage;
import jakarta.servlet.http.HttpServletRequest;

/**
 * What the gateway learns about one API request while serving it: the model, token usage, time to first token and
 * how long it waited on workers. Created by {@link ExchangeFilter}, filled by the endpoints, read by
 * {@link ExchangeListener}s (request log, metrics) when the response is complete. Gateway overhead is the total
 * time minus the time spent waiting on workers.
 */
public final class Exchange {
    public static final String ATTRIBUTE = "llmsvc.exchange";
    public static final String OVERHEAD_HEADER = "X-Llmsvc-Overhead-Ms";

    private final long startNanos = System.nanoTime();
    private final String route;
    private volatile String model;
    private volatile int promptTokens;
    private volatile int completionTokens;
    private volatile long firstTokenNanos;
    private volatile long waitNanos;
    private volatile String errorCode;
    private volatile boolean streamed;
    private volatile String pattern;
    private volatile String worker;

    Exchange(String route) {
        this.route = route;
    }

    /** The exchange of this request, or a detached one when the filter did not run (internal calls, tests). */
    public static Exchange of(HttpServletRequest req) {
        return req.getAttribute(ATTRIBUTE) instanceof Exchange e ? e : new Exchange(req.getRequestURI());
    }

    public String route() { return route; }

    /**
     * The exchange of the request this thread is serving, or null outside a request; for code that has no
     * request at hand (dispatch).
     */
    public static Exchange current() {
        if (org.springframework.web.context.request.RequestContextHolder.getRequestAttributes()
                instanceof org.springframework.web.context.request.ServletRequestAttributes a) {
            return a.getRequest().getAttribute(ATTRIBUTE) instanceof Exchange e ? e : null;
        }
        return null;
    }

    /** The matched route pattern (e.g. {@code /v1/models/{id}}), or null when a filter answered before routing. */
    public String pattern() { return pattern; }

    public void pattern(String pattern) { this.pattern = pattern; }

    /** The worker that served the request, or null. */
    public String worker() { return worker; }

    public void worker(String workerId) { this.worker = workerId; }

    public long startNanos() { return startNanos; }

    public String model() { return model; }

    public void model(String model) { this.model = model; }

    public void usage(Usage u) {
        if (u == null) return;
        promptTokens = u.promptTokens();
        completionTokens = u.completionTokens();
    }

    public int promptTokens() { return promptTokens; }

    public int completionTokens() { return completionTokens; }

    public void streamed() { this.streamed = true; }

    public boolean isStreamed() { return streamed; }

    /** Marks the first generated token (once). */
    public void firstToken() {
        if (firstTokenNanos == 0) firstTokenNanos = System.nanoTime();
    }

    /** Nanoseconds from the request's arrival to its first token, or -1. */
    public long ttftNanos() { return firstTokenNanos == 0 ? -1 : firstTokenNanos - startNanos; }

    public void errorCode(String code) { this.errorCode = code; }

    public String errorCode() { return errorCode; }

    /** Adds time spent blocked on a worker (or controller) call. */
    public void waited(long nanos) { waitNanos += nanos; }

    public long totalNanos() { return System.nanoTime() - startNanos; }

    /** Time the gateway itself spent on the request so far. */
    public long overheadNanos() { return Math.max(0, totalNanos() - waitNanos); }

    /** The overhead header's value: milliseconds with three decimals. */
    public String overheadHeader() {
        return String.format(java.util.Locale.ROOT, "%.3f", overheadNanos() / 1e6);
    }
}
