package io.llmsvc.agents.llm;

import io.llmsvc.api.controller.ControllerApi;
import io.llmsvc.runtime.dispatch.WorkerRouter;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@ConditionalOnTarget({Target.ROUTER, Target.DOCUMENTS})
class AgentModelConfiguration {

    /** {@code llmsvc.agents.model} ({@code LLMSVC_AGENTS_MODEL}): the chat model agents use; default the first loaded. */
    @Bean
    AgentModel agentModel(WorkerRouter router, ControllerApi controller, @Value("${llmsvc.agents.model:}") String model) {
        return new AgentModel(router, controller, model);
    }
}
