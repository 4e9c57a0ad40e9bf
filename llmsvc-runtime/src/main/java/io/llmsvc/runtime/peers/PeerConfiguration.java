package io.llmsvc.runtime.peers;

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
 * {@link ControllerApi}; otherwise this HTTP client to {@code llmsvc.peers.controller} is.
 */
@Configuration(proxyBeanMethods = false)
public class PeerConfiguration {

    @Bean
    @ConditionalOnTarget(value = Target.CONTROLLER, absent = true)
    ControllerApi remoteController(LlmsvcProperties props, ClusterCredential credential) {
        return new ControllerHttpClient(new InternalHttp(props.peer(Target.CONTROLLER), credential, Duration.ofSeconds(5)));
    }
}
