package io.llmsvc.agents.documents;

import io.llmsvc.agents.documents.chunk.Chunker;
import io.llmsvc.agents.documents.fetch.UrlFetcher;
import io.llmsvc.agents.documents.index.ChunkIndex;
import io.llmsvc.agents.documents.ingest.IngestionQueue;
import io.llmsvc.agents.documents.ingest.Ingestor;
import io.llmsvc.agents.documents.parse.DocumentParser;
import io.llmsvc.agents.documents.search.DocumentRetrieval;
import io.llmsvc.agents.documents.storage.FileStorage;
import io.llmsvc.agents.documents.store.DocumentStore;
import io.llmsvc.agents.embedding.Embedder;
import io.llmsvc.runtime.config.LlmsvcProperties;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The document agent's ingestion side when the {@code documents} target runs here. The chunk index and the retrieval
 * come from their own configuration; they are looked up lazily so this side starts (and answers 503 for search)
 * where they are missing.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnTarget(Target.DOCUMENTS)
@EnableConfigurationProperties(DocumentsProperties.class)
class DocumentsConfiguration {

    @Bean
    DocumentStore documentStore(JdbcTemplate jdbc) {
        return new DocumentStore(jdbc);
    }

    @Bean
    FileStorage documentFileStorage(LlmsvcProperties llmsvc) {
        return new FileStorage(llmsvc.dataDir());
    }

    @Bean
    DocumentParser documentParser(DocumentsProperties props) {
        return new DocumentParser(props);
    }

    @Bean
    UrlFetcher urlFetcher(DocumentsProperties props) {
        return new UrlFetcher(props);
    }

    /** Started (restart recovery included) while the context starts, before any request can queue a document. */
    @Bean(initMethod = "start", destroyMethod = "close")
    IngestionQueue ingestionQueue(DocumentsProperties props, DocumentStore store, FileStorage storage, DocumentParser parser,
                                  UrlFetcher fetcher, Embedder embedder, ObjectProvider<ChunkIndex> index) {
        Ingestor ingestor = new Ingestor(props, store, storage, parser, new Chunker(props.chunkTokens(), props.chunkOverlapTokens()),
                fetcher, embedder, index::getIfAvailable);
        return new IngestionQueue(ingestor, props.ingestThreads());
    }

    @Bean
    DocumentsService documentsService(DocumentsProperties props, DocumentStore store, FileStorage storage,
                                      IngestionQueue queue, UrlFetcher fetcher, Embedder embedder,
                                      ObjectProvider<ChunkIndex> index, ObjectProvider<DocumentRetrieval> retrieval) {
        return new DocumentsService(props, store, storage, queue, fetcher, embedder, index::getIfAvailable, retrieval::getIfAvailable);
    }
}
