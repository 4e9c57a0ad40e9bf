package io.llmsvc.gateway.dispatch;

import io.llmsvc.api.controller.ControllerApi;
import io.llmsvc.api.worker.WorkerApi;
import io.llmsvc.runtime.internal.ClusterCredential;
import io.llmsvc.runtime.peers.LocalWorkerRef;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@ConditionalOnTarget(Target.GATEWAY)
class DispatchConfiguration {

    /** The worker of this process, when there is one, is called in process; its id comes from the bean. */
    @Bean
    WorkerRouter workerRouter(ControllerApi controller, ObjectProvider<LocalWorkerRef> local, ClusterCredential credential) {
        LocalWorkerRef ref = local.getIfAvailable();
        return new WorkerRouter(controller, new WorkerClients(ref == null ? null : ref.workerId(),
                ref == null ? null : ref.worker(), credential));
    }
}
