package io.llmsvc.agents.embedding;

import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The embedder the router and the document agent share. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnTarget({Target.ROUTER, Target.DOCUMENTS})
class EmbeddingConfiguration {

    @Bean
    Embedder embedder() {
        return new BuiltinEmbedder();
    }
}
