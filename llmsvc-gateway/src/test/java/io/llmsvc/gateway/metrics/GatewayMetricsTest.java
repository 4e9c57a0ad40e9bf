package io.llmsvc.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.api.worker.Usage;
import io.llmsvc.gateway.auth.Principal;
import io.llmsvc.gateway.exchange.Exchange;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class GatewayMetricsTest {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final KnownModels models = new KnownModels();
    final GatewayMetrics metrics = new GatewayMetrics(registry, models);

    static Exchange exchange(String uri, String pattern) {
        Exchange ex = Exchange.of(new MockHttpServletRequest("POST", uri));
        ex.pattern(pattern);
        return ex;
    }

    @Test
    void countsRequestsByRoutePatternAndRateLimitRejectionsByCode() {
        Exchange limited = exchange("/v1/chat/completions", "/v1/chat/completions");
        limited.errorCode("rate_limit_exceeded");
        metrics.completed(limited, Principal.BOOTSTRAP, 429);
        Exchange denied = exchange("/v1/models/secret-looking-id", null);
        denied.errorCode("invalid_api_key");
        metrics.completed(denied, null, 401);

        assertThat(registry.get("llmsvc.gateway.rate.limited").tags("code", "rate_limit_exceeded", "route", "/v1/chat/completions")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get("llmsvc.gateway.requests").tags("route", "unmatched", "status", "401", "code", "invalid_api_key")
                .counter().count()).isEqualTo(1);
        // the raw path never becomes a label
        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags().toString()).doesNotContain("secret-looking-id"));
    }

    @Test
    void modelLabelsAreLimitedToModelsWorkersServe() {
        Exchange served = exchange("/v1/chat/completions", "/v1/chat/completions");
        served.model("tiny");
        served.worker("w-1");
        served.firstToken();
        served.usage(new Usage(7, 3));
        metrics.completed(served, Principal.BOOTSTRAP, 200);
        Exchange madeUp = exchange("/v1/chat/completions", "/v1/chat/completions");
        madeUp.model("no-such-model-" + System.nanoTime());
        madeUp.errorCode("model_not_found");
        madeUp.usage(new Usage(2, 0));
        metrics.completed(madeUp, Principal.BOOTSTRAP, 404);

        assertThat(registry.get("llmsvc.gateway.tokens").tags("model", "tiny", "kind", "prompt").counter().count()).isEqualTo(7);
        assertThat(registry.get("llmsvc.gateway.tokens").tags("model", "tiny", "kind", "completion").counter().count()).isEqualTo(3);
        assertThat(registry.get("llmsvc.gateway.tokens").tags("model", "other", "kind", "prompt").counter().count()).isEqualTo(2);
        assertThat(registry.get("llmsvc.gateway.ttft").tags("model", "tiny").timer().count()).isEqualTo(1);
        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags().toString()).doesNotContain("no-such-model"));
    }
}
