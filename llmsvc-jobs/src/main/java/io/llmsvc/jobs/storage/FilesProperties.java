package io.llmsvc.jobs.storage;

import io.llmsvc.runtime.config.InvalidSettingException;
import io.llmsvc.runtime.config.ValidatedSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of stored files ({@code llmsvc.files.*}).
 *
 * @param store      {@code local} (a directory under the data dir) or {@code s3}
 * @param urlTtl     how long a signed URL stays valid
 * @param pendingTtl an upload URL whose bytes did not arrive within this is given up and its record removed
 * @param signingKey key of the local store's signed URLs; derived from the cluster token when not set (every
 *                   gateway of one deployment must share it)
 * @param purposes   limits per purpose ({@code max-size}, {@code content-types}); built-ins: {@code upload},
 *                   {@code job-result}; more can be added or the built-ins changed
 * @param s3         the S3 store when {@code store = s3}
 */
@ConfigurationProperties("llmsvc.files")
public record FilesProperties(
        @DefaultValue("local") String store,
        @DefaultValue("15m") Duration urlTtl,
        @DefaultValue("24h") Duration pendingTtl,
        String signingKey,
        @DefaultValue Map<String, Purpose> purposes,
        @DefaultValue S3 s3) implements ValidatedSettings {

    /** Limits of one purpose: the largest file, and the content types allowed ({@code type/*} patterns; empty = any). */
    public record Purpose(DataSize maxSize, List<String> contentTypes) {
        public Purpose {
            contentTypes = contentTypes == null ? List.of() : List.copyOf(contentTypes);
        }

        public boolean allows(String contentType) {
            if (contentTypes.isEmpty()) return true;
            String ct = contentType == null ? "" : contentType.strip().toLowerCase(java.util.Locale.ROOT);
            int semi = ct.indexOf(';');
            if (semi >= 0) ct = ct.substring(0, semi).strip();
            for (String allowed : contentTypes) {
                String a = allowed.strip().toLowerCase(java.util.Locale.ROOT);
                if (a.equals(ct) || a.equals("*/*") || (a.endsWith("/*") && ct.startsWith(a.substring(0, a.length() - 1)))) return true;
            }
            return false;
        }
    }

    /** The S3 store's settings ({@code llmsvc.files.s3.*}). */
    public record S3(String endpoint, @DefaultValue("us-east-1") String region, String bucket, String accessKey,
                     String secretKey, @DefaultValue("false") boolean pathStyle, String keyPrefix) {
        @Override
        public String toString() {
            return "S3[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + ", pathStyle=" + pathStyle + "]";
        }
    }

    public static final Map<String, Purpose> BUILT_IN = Map.of(
            "upload", new Purpose(DataSize.ofGigabytes(1), List.of()),
            "job-result", new Purpose(DataSize.ofGigabytes(4), List.of()));

    public FilesProperties {
        Map<String, Purpose> merged = new LinkedHashMap<>(BUILT_IN);
        if (purposes != null) {
            purposes.forEach((name, p) -> {
                Purpose base = merged.get(name);
                merged.put(name, new Purpose(p.maxSize() != null ? p.maxSize() : base != null ? base.maxSize() : null,
                        !p.contentTypes().isEmpty() || base == null ? p.contentTypes() : base.contentTypes()));
            });
        }
        purposes = Map.copyOf(merged);
    }

    @Override
    public void validate() {
        if (!"local".equals(store) && !"s3".equals(store)) {
            throw new InvalidSettingException("llmsvc.files.store", "local or s3");
        }
        if (urlTtl.compareTo(Duration.ofSeconds(1)) < 0 || urlTtl.compareTo(Duration.ofDays(7)) > 0) {
            throw new InvalidSettingException("llmsvc.files.url-ttl", "from 1s to 7d (S3's longest presigned URL)");
        }
        if (pendingTtl.compareTo(urlTtl) < 0) {
            throw new InvalidSettingException("llmsvc.files.pending-ttl", "at least llmsvc.files.url-ttl (" + urlTtl + ")");
        }
        if (signingKey != null && !signingKey.isBlank() && signingKey.strip().length() < 16) {
            throw new InvalidSettingException("llmsvc.files.signing-key", "at least 16 characters");
        }
        purposes.forEach((name, p) -> {
            if (!name.matches("[a-z0-9][a-z0-9-]{0,49}")) {
                throw new InvalidSettingException("llmsvc.files.purposes." + name, "a purpose name of lowercase letters, digits and '-'");
            }
            if (p.maxSize() == null || p.maxSize().toBytes() < 1) {
                throw new InvalidSettingException("llmsvc.files.purposes." + name + ".max-size", "a positive size such as 20MB");
            }
            for (String ct : p.contentTypes()) {
                if (!ct.strip().matches("[A-Za-z0-9.+*-]+/[A-Za-z0-9.+*-]+")) {
                    throw new InvalidSettingException("llmsvc.files.purposes." + name + ".content-types", "content types such as application/pdf or image/*");
                }
            }
        });
        if ("s3".equals(store) && (s3 == null || s3.bucket() == null || s3.bucket().isBlank())) {
            throw new InvalidSettingException("llmsvc.files.s3.bucket", "the bucket name (LLMSVC_S3_BUCKET), since llmsvc.files.store is s3");
        }
    }

    /** The limits of {@code purpose}; null when there is no such purpose. */
    public Purpose purpose(String purpose) {
        return purposes.get(purpose);
    }
}
