package io.llmsvc.gateway.agents;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.agents.Caller;
import io.llmsvc.api.agents.DocumentsApi;
import io.llmsvc.api.agents.RouterApi;
import io.llmsvc.gateway.auth.Principal;
import io.llmsvc.gateway.exchange.Exchange;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The agents this gateway can reach: the local bean when the agent's target runs in this process, the HTTP client
 * when {@code llmsvc.peers.<target>} is set, or nothing — then the agent is not part of this deployment and its
 * routes answer 503 saying how to add it.
 */
@Component
@ConditionalOnTarget(Target.GATEWAY)
public class Agents {
    public static final String ROUTER = "router";
    public static final String DOCUMENTS = "documents";

    private final ObjectProvider<RouterApi> router;
    private final ObjectProvider<DocumentsApi> documents;

    Agents(ObjectProvider<RouterApi> router, ObjectProvider<DocumentsApi> documents) {
        this.router = router;
        this.documents = documents;
    }

    public Optional<RouterApi> router() { return Optional.ofNullable(router.getIfAvailable()); }

    public Optional<DocumentsApi> documents() { return Optional.ofNullable(documents.getIfAvailable()); }

    public RouterApi requireRouter() {
        return router().orElseThrow(() -> absent("router", "LLMSVC_ROUTER_URL"));
    }

    public DocumentsApi requireDocuments() {
        return documents().orElseThrow(() -> absent("documents", "LLMSVC_DOCUMENTS_URL"));
    }

    /** The message of an agent that is not deployed, also used by the chat's note. */
    public static String notDeployed(String agent) {
        return "the " + agent + " agent is not part of this deployment (set LLMSVC_" + agent.toUpperCase(java.util.Locale.ROOT) + "_URL)";
    }

    private static LlmsvcException absent(String agent, String env) {
        return new LlmsvcException(ErrorCode.UNAVAILABLE, notDeployed(agent));
    }

    /** The agents' view of the caller: the authenticated user and its roles (admins see every document). */
    /** The caller for an agent, with the models its API key is limited to (none: any). */
    public static Caller callerOf(Principal p) {
        return new Caller(p.userId(), p.roles(), p.key() == null ? null : p.key().limits().allowedModels());
    }

    /**
     * Runs one agent call for the request's log and metrics: the agent is the request's target and the time spent
     * waiting on it is not gateway overhead.
     */
    public static <T> T call(Exchange ex, String agent, Supplier<T> call) {
        ex.worker(agent);
        long t = System.nanoTime();
        try {
            return call.get();
        } finally {
            ex.waited(System.nanoTime() - t);
        }
    }
}
