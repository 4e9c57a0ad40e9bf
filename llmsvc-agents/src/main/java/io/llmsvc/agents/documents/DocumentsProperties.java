package io.llmsvc.agents.documents;

import io.llmsvc.runtime.config.InvalidSettingException;
import io.llmsvc.runtime.config.ValidatedSettings;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Document agent settings ({@code llmsvc.documents.*}).
 *
 * @param maxUploadSize      largest uploaded file; the gateway also enforces it on the multipart request (413 above)
 * @param maxUrlSize         largest body downloaded for a URL; the download is aborted when it grows past this
 * @param urlConnectTimeout  time to open the TCP (and TLS) connection of one URL hop
 * @param urlReadTimeout     longest silence while reading a response
 * @param urlTotalTimeout    longest time for a whole URL download, redirects included
 * @param allowPrivateUrls   allow URLs that resolve to loopback, private, link-local, CGNAT or other non-public
 *                           addresses (off: they are refused, against SSRF)
 * @param allowedUrlHosts    when not empty, the only hosts URLs may name ({@code example.com} exactly, or
 *                           {@code *.example.com} for its subdomains); the address checks still apply
 * @param chunkTokens        largest chunk, in estimated tokens
 * @param chunkOverlapTokens tokens a chunk repeats from the end of the previous one in the same section
 * @param maxPages           documents with more pages (PDF) or slides (PPTX) fail
 * @param maxCharacters      documents whose extracted text is longer fail (guards against decompression bombs too)
 * @param parseTimeout       longest time the text extraction of one document may take (checked as text is produced)
 * @param ingestThreads      documents ingested in parallel
 * @param embedBatchSize     chunks embedded per call to the embedder
 * @param maxAttempts        ingestion starts per document; a document interrupted this often (for example by a
 *                           crash it causes) is marked failed instead of being retried at the next start
 */
@ConfigurationProperties("llmsvc.documents")
public record DocumentsProperties(
        @DefaultValue("50MB") DataSize maxUploadSize,
        @DefaultValue("50MB") DataSize maxUrlSize,
        @DefaultValue("10s") Duration urlConnectTimeout,
        @DefaultValue("30s") Duration urlReadTimeout,
        @DefaultValue("120s") Duration urlTotalTimeout,
        @DefaultValue("false") boolean allowPrivateUrls,
        @DefaultValue List<String> allowedUrlHosts,
        @DefaultValue("300") int chunkTokens,
        @DefaultValue("50") int chunkOverlapTokens,
        @DefaultValue("2000") int maxPages,
        @DefaultValue("5000000") int maxCharacters,
        @DefaultValue("10m") Duration parseTimeout,
        @DefaultValue("1") int ingestThreads,
        @DefaultValue("32") int embedBatchSize,
        @DefaultValue("3") int maxAttempts) implements ValidatedSettings {

    public DocumentsProperties {
        allowedUrlHosts = allowedUrlHosts == null ? List.of() : allowedUrlHosts.stream()
                .filter(h -> h != null && !h.isBlank())
                .map(h -> h.strip().toLowerCase(Locale.ROOT))
                .toList();
    }

    /** The defaults, for code and tests that run without Spring. */
    public static DocumentsProperties defaults() {
        return new DocumentsProperties(DataSize.ofMegabytes(50), DataSize.ofMegabytes(50), Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofSeconds(120), false, List.of(), 300, 50, 2000, 5_000_000,
                Duration.ofMinutes(10), 1, 32, 3);
    }

    @Override
    public void validate() {
        if (maxUploadSize == null || maxUploadSize.toBytes() < 1024 || maxUploadSize.toBytes() > DataSize.ofGigabytes(2).toBytes()) {
            throw new InvalidSettingException("llmsvc.documents.max-upload-size", "a size from 1KB to 2GB, such as 50MB");
        }
        if (maxUrlSize == null || maxUrlSize.toBytes() < 1024 || maxUrlSize.toBytes() > DataSize.ofGigabytes(2).toBytes()) {
            throw new InvalidSettingException("llmsvc.documents.max-url-size", "a size from 1KB to 2GB, such as 50MB");
        }
        positive(urlConnectTimeout, "url-connect-timeout", "10s");
        positive(urlReadTimeout, "url-read-timeout", "30s");
        positive(urlTotalTimeout, "url-total-timeout", "120s");
        positive(parseTimeout, "parse-timeout", "10m");
        for (String h : allowedUrlHosts) {
            String name = h.startsWith("*.") ? h.substring(2) : h;
            if (name.isEmpty() || !name.matches("[a-z0-9.\\-\\[\\]:]+")) {
                throw new InvalidSettingException("llmsvc.documents.allowed-url-hosts",
                        "host names such as example.com or *.example.com (got '" + h + "')");
            }
        }
        if (chunkTokens < 32 || chunkTokens > 4000) {
            throw new InvalidSettingException("llmsvc.documents.chunk-tokens", "an integer from 32 to 4000");
        }
        if (chunkOverlapTokens < 0 || chunkOverlapTokens > chunkTokens / 2) {
            throw new InvalidSettingException("llmsvc.documents.chunk-overlap-tokens",
                    "an integer from 0 to half of llmsvc.documents.chunk-tokens (" + chunkTokens / 2 + ")");
        }
        if (maxPages < 1) throw new InvalidSettingException("llmsvc.documents.max-pages", "a positive integer");
        if (maxCharacters < 1000) throw new InvalidSettingException("llmsvc.documents.max-characters", "at least 1000");
        if (ingestThreads < 1 || ingestThreads > 32) {
            throw new InvalidSettingException("llmsvc.documents.ingest-threads", "an integer from 1 to 32");
        }
        if (embedBatchSize < 1 || embedBatchSize > 1024) {
            throw new InvalidSettingException("llmsvc.documents.embed-batch-size", "an integer from 1 to 1024");
        }
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new InvalidSettingException("llmsvc.documents.max-attempts", "an integer from 1 to 100");
        }
    }

    private static void positive(Duration d, String name, String example) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new InvalidSettingException("llmsvc.documents." + name, "a positive duration, such as " + example);
        }
    }
}
