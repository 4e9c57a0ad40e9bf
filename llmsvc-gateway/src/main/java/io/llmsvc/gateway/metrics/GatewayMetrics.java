package io.llmsvc.gateway.metrics;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.gateway.auth.Principal;
import io.llmsvc.gateway.exchange.Exchange;
import io.llmsvc.gateway.exchange.ExchangeListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus series for every API request. Every label is bounded and secret-free: {@code route} is the matched
 * pattern (never the raw path; {@code unmatched} when a filter answered first), {@code status} the HTTP status,
 * {@code code} an {@link ErrorCode} name, {@code model} a model a worker actually serves ({@code other} otherwise,
 * so made-up model names in requests cannot grow the label set).
 */
final class GatewayMetrics implements ExchangeListener {
    static final String UNMATCHED = "unmatched";

    private final MeterRegistry registry;
    private final KnownModels models;

    GatewayMetrics(MeterRegistry registry, KnownModels models) {
        this.registry = registry;
        this.models = models;
    }

    @Override
    public void completed(Exchange ex, Principal principal, int status) {
        String route = ex.pattern() == null ? UNMATCHED : ex.pattern();
        String code = ex.errorCode() == null ? "none" : ErrorCode.fromCode(ex.errorCode()).code();
        Counter.builder("llmsvc.gateway.requests").description("API requests by route, status and error code")
                .tags("route", route, "status", Integer.toString(status), "code", code).register(registry).increment();
        long total = ex.totalNanos();
        Timer.builder("llmsvc.gateway.request.duration").description("API request latency, arrival to end of response")
                .tags("route", route).publishPercentileHistogram().maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry).record(total, TimeUnit.NANOSECONDS);
        Timer.builder("llmsvc.gateway.overhead").description("Time spent in the gateway itself per API request")
                .tags("route", route).publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(registry).record(ex.overheadNanos(), TimeUnit.NANOSECONDS);
        if (status == 429) {
            Counter.builder("llmsvc.gateway.rate.limited").description("Requests rejected by a rate limit or quota (429)")
                    .tags("route", route, "code", code).register(registry).increment();
        }
        if (ex.model() == null) return;
        if (ex.worker() != null) models.seen(ex.model());
        String model = models.label(ex.model());
        long ttft = ex.ttftNanos();
        if (ttft >= 0) {
            Timer.builder("llmsvc.gateway.ttft").description("Time to first token")
                    .tags("model", model).publishPercentileHistogram().maximumExpectedValue(Duration.ofMinutes(2))
                    .register(registry).record(ttft, TimeUnit.NANOSECONDS);
        }
        if (ex.promptTokens() > 0) tokens(model, "prompt").increment(ex.promptTokens());
        if (ex.completionTokens() > 0) tokens(model, "completion").increment(ex.completionTokens());
        // decode speed of this request: tokens after the first over the time after the first token
        if (ttft >= 0 && ex.completionTokens() > 1 && total > ttft) {
            DistributionSummary.builder("llmsvc.gateway.tokens.per.second")
                    .description("Generation speed per request (completion tokens per second after the first token)")
                    .tags("model", model).register(registry)
                    .record((ex.completionTokens() - 1) / ((total - ttft) / 1e9));
        }
    }

    private Counter tokens(String model, String kind) {
        return Counter.builder("llmsvc.gateway.tokens").description("Tokens processed, by model and kind (prompt, completion)")
                .tags("model", model, "kind", kind).register(registry);
    }
}
