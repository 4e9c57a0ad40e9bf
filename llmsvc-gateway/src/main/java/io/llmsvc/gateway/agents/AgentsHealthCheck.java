package io.llmsvc.gateway.agents;

import io.llmsvc.runtime.health.HealthCheck;
import io.llmsvc.runtime.health.HealthReport;
import io.llmsvc.runtime.peers.DocumentsHttpClient;
import io.llmsvc.runtime.peers.RouterHttpClient;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Where the agents are, in the gateway's health document: {@code in process}, {@code not deployed}, or the remote
 * base URL with whether its {@code /health/live} answers. The agents are optional, so this check is always UP: a
 * document agent that is down makes its routes answer 503, it does not take the gateway out of service.
 */
@Component
@ConditionalOnTarget(Target.GATEWAY)
class AgentsHealthCheck implements HealthCheck {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();
    private final Agents agents;

    AgentsHealthCheck(Agents agents) {
        this.agents = agents;
    }

    @Override
    public String name() { return "agents"; }

    @Override
    public HealthReport check() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(Agents.ROUTER, agents.router()
                .map(r -> r instanceof RouterHttpClient c ? remote(c.baseUrl()) : "in process").orElse("not deployed"));
        details.put(Agents.DOCUMENTS, agents.documents()
                .map(d -> d instanceof DocumentsHttpClient c ? remote(c.baseUrl()) : "in process").orElse("not deployed"));
        return HealthReport.up(details);
    }

    private static String remote(String baseUrl) {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/health/live"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return baseUrl + (r.statusCode() == 200 ? " (up)" : " (answers " + r.statusCode() + ")");
        } catch (java.io.IOException e) {
            return baseUrl + " (unreachable)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return baseUrl + " (unreachable)";
        }
    }
}
