package io.llmsvc.agents.documents.web;

import io.llmsvc.runtime.internal.InternalPaths;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import io.llmsvc.runtime.web.UploadRoute;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

@Configuration(proxyBeanMethods = false)
@ConditionalOnTarget(Target.DOCUMENTS)
class DocumentsWebConfiguration {

    /** The internal upload route takes files up to {@code llmsvc.documents.max-upload-size} (50 MB), streamed. */
    @Bean
    UploadRoute internalDocumentUploads(Environment env) {
        DataSize max = Binder.get(env).bind("llmsvc.documents.max-upload-size", DataSize.class).orElse(DataSize.ofMegabytes(50));
        return new UploadRoute(InternalPaths.DOCUMENTS, max.toBytes(), 0, "llmsvc.documents.max-upload-size");
    }
}
