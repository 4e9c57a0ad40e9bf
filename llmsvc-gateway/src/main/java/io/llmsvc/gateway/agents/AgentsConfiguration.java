package io.llmsvc.gateway.agents;

import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import io.llmsvc.runtime.web.UploadRoute;
import jakarta.servlet.MultipartConfigElement;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * Upload limits of {@code POST /api/documents}: a file of up to {@code llmsvc.documents.max-upload-size} (50 MB).
 * A declared larger body is refused before any of it is read ({@link UploadRoute}); a chunked one when the
 * container's multipart parser passes the limit. Parts above 256 KB go to a temporary file, not to memory.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnTarget(Target.GATEWAY)
class AgentsConfiguration {
    static final String SETTING = "llmsvc.documents.max-upload-size";
    /** Room for the multipart boundaries, part headers and the small form fields around the file. */
    static final long ENVELOPE = 1024 * 1024;
    static final int IN_MEMORY_PART = 256 * 1024;

    static long maxUpload(Environment env) {
        return Binder.get(env).bind(SETTING, DataSize.class).orElse(DataSize.ofMegabytes(50)).toBytes();
    }

    @Bean
    UploadRoute documentUploads(Environment env) {
        return new UploadRoute(DocumentEndpoints.PATH, maxUpload(env), ENVELOPE, SETTING);
    }

    /** Replaces Spring Boot's multipart settings ({@code spring.servlet.multipart.*}) with the documents' limit. */
    @Bean
    MultipartConfigElement multipartConfig(Environment env) {
        long max = maxUpload(env);
        return new MultipartConfigElement("", max, max + ENVELOPE, IN_MEMORY_PART);
    }
}
