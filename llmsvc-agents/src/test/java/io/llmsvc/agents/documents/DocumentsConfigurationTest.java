package io.llmsvc.agents.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.agents.documents.index.ChunkIndex;
import io.llmsvc.agents.documents.search.DocumentRetrieval;
import io.llmsvc.agents.embedding.Embedder;
import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.agents.Caller;
import io.llmsvc.api.agents.DocumentStatus;
import io.llmsvc.api.agents.DocumentUpload;
import io.llmsvc.api.agents.DocumentsApi;
import io.llmsvc.api.agents.SearchRequest;
import io.llmsvc.runtime.config.InvalidSettingException;
import io.llmsvc.runtime.config.LlmsvcProperties;
import io.llmsvc.runtime.config.SettingsCheck;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

/** The Spring wiring of the documents target, and its settings as the process checks them at start. */
class DocumentsConfigurationTest {
    @TempDir
    Path dataDir;

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(LlmsvcProperties.class)
    static class Shared {
        @Bean
        Embedder embedder() {
            return DocumentsHarness.builtinEmbedder();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Search {
        @Bean
        MemoryChunkIndex chunkIndex() {
            return new MemoryChunkIndex();
        }

        @Bean
        DocumentRetrieval retrieval(MemoryChunkIndex index) {
            return new RecordingRetrieval(index);
        }
    }

    private ApplicationContextRunner runner(String target) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
                        FlywayAutoConfiguration.class))
                .withUserConfiguration(Shared.class, DocumentsConfiguration.class)
                .withPropertyValues("llmsvc.target=" + target, "llmsvc.data-dir=" + dataDir,
                        "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                        "llmsvc.documents.chunk-tokens=120", "llmsvc.documents.max-upload-size=2MB");
    }

    @Test
    void theDocumentsTargetIngestsWithItsSettings() {
        runner("documents").withUserConfiguration(Search.class).run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(DocumentsApi.class);
            DocumentsProperties props = ctx.getBean(DocumentsProperties.class);
            assertThat(props.chunkTokens()).isEqualTo(120);
            assertThat(props.maxUploadSize().toMegabytes()).isEqualTo(2);
            DocumentsApi api = ctx.getBean(DocumentsApi.class);
            Caller alice = new Caller("alice", Set.of("user"));
            String id = api.ingestDocument(alice, new DocumentUpload("a.md", null, null, null, -1,
                    new ByteArrayInputStream(TestDocuments.utf8("# Hello\n\nWorld.")))).id();
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!api.getDocument(alice, id).status().finished() && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(api.getDocument(alice, id).status()).isEqualTo(DocumentStatus.READY);
            assertThat(ctx.getBean(MemoryChunkIndex.class).chunks(id)).hasSize(1);
            assertThat(dataDir.resolve("documents/files/" + id)).exists();
        });
    }

    @Test
    void withoutTheSearchSideIngestionStartsAndSearchSaysSo() {
        runner("documents").run(ctx -> {
            assertThat(ctx).hasNotFailed().doesNotHaveBean(ChunkIndex.class);
            DocumentsApi api = ctx.getBean(DocumentsApi.class);
            assertThatThrownBy(() -> api.searchDocuments(new Caller("a", Set.of()), new SearchRequest("q", null, null)))
                    .isInstanceOfSatisfying(LlmsvcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        });
    }

    @Test
    void otherTargetsHaveNoDocumentService() {
        runner("router").run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(DocumentsApi.class));
    }

    @Test
    void settingsAreCheckedAtStart() {
        SettingsCheck check = new SettingsCheck().add("llmsvc.documents", DocumentsProperties.class);
        check.check(new MockEnvironment());
        assertThatThrownBy(() -> check.check(new MockEnvironment().withProperty("llmsvc.documents.chunk-overlap-tokens", "200")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("invalid setting llmsvc.documents.chunk-overlap-tokens: an integer from 0 to half of llmsvc.documents.chunk-tokens (150)");
        assertThatThrownBy(() -> check.check(new MockEnvironment().withProperty("llmsvc.documents.max-upload-size", "3GB")))
                .hasMessageStartingWith("invalid setting llmsvc.documents.max-upload-size");
        assertThatThrownBy(() -> check.check(new MockEnvironment().withProperty("llmsvc.documents.url-total-timeout", "0s")))
                .hasMessageStartingWith("invalid setting llmsvc.documents.url-total-timeout");
        assertThatThrownBy(() -> check.check(new MockEnvironment().withProperty("llmsvc.documents.allowed-url-hosts", "ok.com,bad host")))
                .hasMessageStartingWith("invalid setting llmsvc.documents.allowed-url-hosts");
        assertThatThrownBy(() -> check.check(new MockEnvironment().withProperty("llmsvc.documents.ingest-threads", "many")))
                .hasMessageStartingWith("invalid setting llmsvc.documents.ingest-threads");
        check.check(new MockEnvironment().withProperty("llmsvc.documents.allowed-url-hosts", "Docs.Example.com, *.intra.net")
                .withProperty("llmsvc.documents.allow-private-urls", "true"));
    }

    @Test
    void defaultsMatchTheDocumentedOnes() {
        DocumentsProperties d = DocumentsProperties.defaults();
        d.validate();
        var bound = org.springframework.boot.context.properties.bind.Binder.get(new MockEnvironment())
                .bindOrCreate("llmsvc.documents", DocumentsProperties.class);
        assertThat(bound).isEqualTo(d);
        assertThat(new DocumentsProperties(d.maxUploadSize(), d.maxUrlSize(), d.urlConnectTimeout(), d.urlReadTimeout(),
                d.urlTotalTimeout(), true, java.util.List.of(" A.com "), 300, 50, 1, 1000, d.parseTimeout(), 1, 1, 1)
                .allowedUrlHosts()).containsExactly("a.com");
    }

}
