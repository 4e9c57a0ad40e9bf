package io.llmsvc.agents.documents.index;

import io.llmsvc.api.Secret;
import io.llmsvc.runtime.config.InvalidSettingException;
import io.llmsvc.runtime.config.ValidatedSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the document agent keeps chunks for search ({@code llmsvc.documents.index.*}).
 *
 * @param store          {@code lucene} (embedded, default) or {@code chroma} (vectors in a ChromaDB server, BM25 in a
 *                       local Lucene index)
 * @param dir            the Lucene index folder; default {@code <data-dir>/documents/index} (with {@code chroma}:
 *                       {@code <data-dir>/documents/keywords}, keyword-only)
 * @param chromaUrl      ChromaDB's base URL, e.g. {@code http://chroma:8000}
 * @param collection     the Chroma collection
 * @param chromaTenant   Chroma tenant
 * @param chromaDatabase Chroma database
 * @param chromaToken    sent as a bearer token when Chroma requires authentication; never logged
 * @param chromaTimeout  per-request timeout
 */
@ConfigurationProperties("llmsvc.documents.index")
public record IndexProperties(
        @DefaultValue("lucene") String store,
        Path dir,
        String chromaUrl,
        @DefaultValue("llmsvc-chunks") String collection,
        @DefaultValue("default_tenant") String chromaTenant,
        @DefaultValue("default_database") String chromaDatabase,
        Secret chromaToken,
        @DefaultValue("30s") Duration chromaTimeout) implements ValidatedSettings {

    @Override
    public void validate() {
        String p = "llmsvc.documents.index.";
        if (!"lucene".equals(store) && !"chroma".equals(store)) throw new InvalidSettingException(p + "store", "lucene or chroma");
        if ("chroma".equals(store)) {
            if (chromaUrl == null || !(chromaUrl.startsWith("http://") || chromaUrl.startsWith("https://"))) {
                throw new InvalidSettingException(p + "chroma-url", "ChromaDB's http:// or https:// base URL, e.g. http://127.0.0.1:8000");
            }
            if (collection == null || !collection.matches("[A-Za-z0-9][A-Za-z0-9._-]{1,61}[A-Za-z0-9]")) {
                throw new InvalidSettingException(p + "collection", "3–63 letters, digits, '.', '_' or '-', starting and ending with a letter or digit");
            }
            if (chromaTimeout == null || chromaTimeout.toMillis() < 100) {
                throw new InvalidSettingException(p + "chroma-timeout", "a duration of at least 100ms");
            }
        }
    }
}
