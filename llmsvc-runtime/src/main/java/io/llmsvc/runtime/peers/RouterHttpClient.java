package io.llmsvc.runtime.peers;

import io.llmsvc.api.agents.IntentAnalysis;
import io.llmsvc.api.agents.IntentInfo;
import io.llmsvc.api.agents.RouteDecision;
import io.llmsvc.api.agents.RouterApi;
import io.llmsvc.runtime.internal.InternalHttp;
import io.llmsvc.runtime.internal.InternalPaths;
import java.util.Arrays;
import java.util.List;

/** {@link RouterApi} over HTTP, for a gateway whose router target runs in another process. */
public final class RouterHttpClient implements RouterApi {
    private final InternalHttp http;

    public RouterHttpClient(InternalHttp http) {
        this.http = http;
    }

    /** Body of the router's internal analyze and route calls. */
    public record MessageBody(String message) {}

    public String baseUrl() { return http.baseUrl(); }

    @Override
    public IntentAnalysis analyzeIntent(String message) {
        return http.post(InternalPaths.ROUTER_ANALYZE, new MessageBody(message), IntentAnalysis.class);
    }

    @Override
    public RouteDecision routeMessage(String message) {
        return http.post(InternalPaths.ROUTER_ROUTE, new MessageBody(message), RouteDecision.class);
    }

    @Override
    public List<IntentInfo> listIntents() {
        return Arrays.asList(http.get(InternalPaths.ROUTER_INTENTS, IntentInfo[].class));
    }
}
