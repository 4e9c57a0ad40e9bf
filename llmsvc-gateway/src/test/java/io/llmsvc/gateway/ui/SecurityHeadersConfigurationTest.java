package io.llmsvc.gateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.api.files.SignedUrl;
import io.llmsvc.jobs.storage.ObjectStore;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The connect-src origin of the S3 store comes from the URLs it signs; the local store adds none. */
class SecurityHeadersConfigurationTest {

    static ObjectStore store(String kind, String uploadUrl) {
        return (ObjectStore) Proxy.newProxyInstance(ObjectStore.class.getClassLoader(), new Class<?>[] {ObjectStore.class}, (proxy, m, args) ->
                switch (m.getName()) {
                    case "kind" -> kind;
                    case "presignPut" -> new SignedUrl("PUT", uploadUrl, Instant.now(), Map.of());
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void theS3StoresOriginIsAllowedForUploadsAndNothingElse() {
        String origin = SecurityHeadersConfiguration.uploadOrigin(store("s3", "https://bucket.s3.eu-west-1.amazonaws.com:8443/files/x?X-Amz-Signature=1"));
        assertThat(origin).isEqualTo("https://bucket.s3.eu-west-1.amazonaws.com:8443");
        assertThat(SecurityHeadersFilter.policy(origin)).contains("connect-src 'self' https://bucket.s3.eu-west-1.amazonaws.com:8443;");
        assertThat(SecurityHeadersConfiguration.uploadOrigin(store("local", "/files/o/x"))).isNull();
        assertThat(SecurityHeadersConfiguration.uploadOrigin(null)).isNull();
        assertThat(SecurityHeadersFilter.policy(null)).contains("connect-src 'self';").contains("frame-ancestors 'none'");
    }
}
