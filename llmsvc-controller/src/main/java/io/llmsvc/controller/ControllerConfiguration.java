package io.llmsvc.controller;

import io.llmsvc.controller.dispatch.DispatchPolicies;
import io.llmsvc.controller.registry.RegistrySweeper;
import io.llmsvc.controller.registry.WorkerRegistry;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import java.time.InstantSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The controller's beans, present only when this process runs the {@code controller} target. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnTarget(Target.CONTROLLER)
@EnableConfigurationProperties(ControllerProperties.class)
public class ControllerConfiguration {

    @Bean
    WorkerRegistry workerRegistry(ControllerProperties props) {
        props.validate();
        return new WorkerRegistry(props, DispatchPolicies.of(props.policy()), InstantSource.system());
    }

    /** The {@link io.llmsvc.api.controller.ControllerApi} of this process. */
    @Bean
    LocalController localController(WorkerRegistry registry) {
        return new LocalController(registry);
    }

    @Bean(destroyMethod = "close")
    RegistrySweeper registrySweeper(WorkerRegistry registry, ControllerProperties props) {
        return RegistrySweeper.start(registry, props.workerExpiry().dividedBy(2));
    }
}
