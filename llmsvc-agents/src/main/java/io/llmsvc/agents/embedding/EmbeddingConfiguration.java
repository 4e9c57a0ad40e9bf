package io.llmsvc.agents.embedding;

import io.llmsvc.runtime.dispatch.WorkerRouter;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The embedder the router and the document agent share, chosen by {@code llmsvc.agents.embeddings.provider}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnTarget({Target.ROUTER, Target.DOCUMENTS})
@EnableConfigurationProperties(EmbeddingProperties.class)
class EmbeddingConfiguration {

    @Bean
    Embedder embedder(EmbeddingProperties settings, ObjectProvider<WorkerRouter> router) {
        return Embedders.create(settings, router.getIfAvailable());
    }
}
