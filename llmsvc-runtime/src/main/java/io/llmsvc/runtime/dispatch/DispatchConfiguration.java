package io.llmsvc.runtime.dispatch;

import io.llmsvc.api.controller.ControllerApi;
import io.llmsvc.runtime.internal.ClusterCredential;
import io.llmsvc.runtime.peers.ControllerHttpClient;
import io.llmsvc.runtime.peers.LocalWorkerRef;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@ConditionalOnTarget({Target.GATEWAY, Target.ROUTER, Target.DOCUMENTS})
public class DispatchConfiguration {

    /** The worker of this process, when there is one, is called in process; its id comes from the bean. */
    @Bean
    WorkerRouter workerRouter(ControllerApi controller, ObjectProvider<LocalWorkerRef> local, ClusterCredential credential,
                              ObjectProvider<WorkerRouter.ServedListener> listener) {
        LocalWorkerRef ref = local.getIfAvailable();
        return new WorkerRouter(controller, new WorkerClients(ref == null ? null : ref.workerId(),
                ref == null ? null : ref.worker(), credential), listener.getIfAvailable());
    }

    /** A controller in another process is called through {@link ResilientController} by everything in this one. */
    @Bean
    static BeanPostProcessor resilientControllerWrapper() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof ControllerHttpClient c ? new ResilientController(c) : bean;
            }
        };
    }

    /** {@code llmsvc_circuit_open{peer="controller"}}: 1 while calls to the controller fail fast, 0.5 half-open. */
    @Bean
    MeterBinder controllerCircuitMetrics(ControllerApi controller) {
        return registry -> {
            if (controller instanceof ResilientController rc) {
                Gauge.builder("llmsvc.circuit.open", rc, c -> switch (c.state()) {
                            case OPEN, FORCED_OPEN -> 1.0;
                            case HALF_OPEN -> 0.5;
                            default -> 0.0;
                        }).tag("peer", "controller").description("1 while the circuit to a peer is open (calls fail fast)")
                        .register(registry);
            }
        };
    }
}
