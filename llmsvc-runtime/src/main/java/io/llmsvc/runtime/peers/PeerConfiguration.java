package io.llmsvc.runtime.peers;

import io.llmsvc.api.agents.DocumentsApi;
import io.llmsvc.api.agents.RouterApi;
import io.llmsvc.api.controller.ControllerApi;
import io.llmsvc.runtime.config.LlmsvcProperties;
import io.llmsvc.runtime.internal.ClusterCredential;
import io.llmsvc.runtime.internal.InternalHttp;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Clients for targets that run in another process. When the controller runs here, its own bean is the
 * {@link ControllerApi}; otherwise this HTTP client to {@code llmsvc.peers.controller} is. The agents are optional:
 * a process that does not run the router (documents) gets a client only when {@code llmsvc.peers.router}
 * ({@code llmsvc.peers.documents}) is set, and otherwise no {@link RouterApi} ({@link DocumentsApi}) at all.
 */
@Configuration(proxyBeanMethods = false)
public class PeerConfiguration {

    @Bean
    @ConditionalOnTarget(value = Target.CONTROLLER, absent = true)
    ControllerApi remoteController(LlmsvcProperties props, ClusterCredential credential) {
        return new ControllerHttpClient(new InternalHttp(props.peer(Target.CONTROLLER), credential, Duration.ofSeconds(5)));
    }

    /** Analysis with an LLM may take seconds on a CPU; the time limit only guards against a hung router. */
    @Bean
    @ConditionalOnTarget(value = Target.ROUTER, absent = true)
    @ConditionalOnPeer(Target.ROUTER)
    RouterApi remoteRouter(LlmsvcProperties props, ClusterCredential credential) {
        return new RouterHttpClient(new InternalHttp(props.peer(Target.ROUTER), credential, Duration.ofSeconds(120)));
    }

    /** A grounded answer runs a generation on the documents' side; uploads have their own, longer limit. */
    @Bean
    @ConditionalOnTarget(value = Target.DOCUMENTS, absent = true)
    @ConditionalOnPeer(Target.DOCUMENTS)
    DocumentsApi remoteDocuments(LlmsvcProperties props, ClusterCredential credential) {
        return new DocumentsHttpClient(new InternalHttp(props.peer(Target.DOCUMENTS), credential, Duration.ofSeconds(300)));
    }
}
