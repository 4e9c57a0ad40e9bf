package io.llmsvc.gateway.metrics;

import io.llmsvc.api.controller.ControllerApi;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Gateway metrics, scraped at {@code /actuator/prometheus}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnTarget(Target.GATEWAY)
class MetricsConfiguration {

    @Bean
    KnownModels knownModels() {
        return new KnownModels();
    }

    @Bean
    GatewayMetrics gatewayMetrics(MeterRegistry registry, KnownModels models) {
        return new GatewayMetrics(registry, models);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    WorkerGauges workerGauges(ControllerApi controller, KnownModels models, MeterRegistry registry) {
        return new WorkerGauges(controller, models, registry);
    }
}
