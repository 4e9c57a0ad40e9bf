package io.llmsvc.agents.documents.search;

import io.llmsvc.agents.documents.answer.GroundedAnswers;
import io.llmsvc.agents.documents.index.ChunkIndex;
import io.llmsvc.agents.embedding.Embedder;
import io.llmsvc.agents.llm.AgentModel;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Hybrid search and grounded answers of the document agent. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnTarget(Target.DOCUMENTS)
@EnableConfigurationProperties(SearchProperties.class)
class SearchConfiguration {

    @Bean
    DocumentRetrieval documentRetrieval(ChunkIndex index, Embedder embedder, SearchProperties settings, ObjectProvider<AgentModel> model) {
        settings.validate();
        return new HybridRetrieval(index, embedder, settings, new Reranker(Reranker.DEFAULT),
                new GroundedAnswers(model.getIfAvailable(), settings));
    }
}
