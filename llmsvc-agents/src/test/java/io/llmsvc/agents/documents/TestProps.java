package io.llmsvc.agents.documents;

import java.time.Duration;
import java.util.List;
import org.springframework.util.unit.DataSize;

/** {@link DocumentsProperties} for tests: the defaults with some values changed. */
public final class TestProps {
    public DataSize maxUploadSize = DataSize.ofMegabytes(50);
    public DataSize maxUrlSize = DataSize.ofMegabytes(50);
    public Duration urlConnectTimeout = Duration.ofSeconds(10);
    public Duration urlReadTimeout = Duration.ofSeconds(30);
    public Duration urlTotalTimeout = Duration.ofSeconds(120);
    public boolean allowPrivateUrls;
    public List<String> allowedUrlHosts = List.of();
    public int chunkTokens = 300;
    public int chunkOverlapTokens = 50;
    public int maxPages = 2000;
    public int maxCharacters = 5_000_000;
    public Duration parseTimeout = Duration.ofMinutes(10);
    public int ingestThreads = 1;
    public int embedBatchSize = 32;
    public int maxAttempts = 3;

    public static TestProps defaults() {
        return new TestProps();
    }

    public TestProps set(java.util.function.Consumer<TestProps> change) {
        change.accept(this);
        return this;
    }

    public DocumentsProperties build() {
        DocumentsProperties p = new DocumentsProperties(maxUploadSize, maxUrlSize, urlConnectTimeout, urlReadTimeout,
                urlTotalTimeout, allowPrivateUrls, allowedUrlHosts, chunkTokens, chunkOverlapTokens, maxPages,
                maxCharacters, parseTimeout, ingestThreads, embedBatchSize, maxAttempts);
        p.validate();
        return p;
    }
}
