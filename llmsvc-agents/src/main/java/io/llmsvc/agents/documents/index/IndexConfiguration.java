package io.llmsvc.agents.documents.index;

import io.llmsvc.agents.documents.index.chroma.ChromaChunkIndex;
import io.llmsvc.agents.documents.index.lucene.LuceneChunkIndex;
import io.llmsvc.agents.embedding.Embedder;
import io.llmsvc.runtime.config.LlmsvcProperties;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import java.nio.file.Path;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The document agent's {@link ChunkIndex}, chosen by {@code llmsvc.documents.index.store}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnTarget(Target.DOCUMENTS)
@EnableConfigurationProperties(IndexProperties.class)
class IndexConfiguration {

    @Bean(destroyMethod = "close")
    ChunkIndex chunkIndex(IndexProperties settings, LlmsvcProperties common, Embedder embedder) {
        settings.validate();
        Path documents = common.dataDir().resolve("documents");
        if ("chroma".equals(settings.store())) {
            LuceneChunkIndex keywords = new LuceneChunkIndex(settings.dir() != null ? settings.dir() : documents.resolve("keywords"), null);
            return new ChromaChunkIndex(settings.chromaUrl(), settings.chromaTenant(), settings.chromaDatabase(), settings.collection(),
                    settings.chromaToken(), settings.chromaTimeout(), embedder, keywords);
        }
        return new LuceneChunkIndex(settings.dir() != null ? settings.dir() : documents.resolve("index"), embedder);
    }
}
