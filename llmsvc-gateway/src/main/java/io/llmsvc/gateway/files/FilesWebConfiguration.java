package io.llmsvc.gateway.files;

import io.llmsvc.jobs.storage.FilesProperties;
import io.llmsvc.jobs.storage.LocalObjectStore;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import io.llmsvc.runtime.web.UploadRoute;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Signed uploads to the local store may be as large as the largest purpose allows (1 GB by default), above the
 * general body limit; the upload route itself then holds each body to the size its URL was signed for.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnTarget(Target.GATEWAY)
class FilesWebConfiguration {

    @Bean
    UploadRoute signedFileUploads(FilesProperties props) {
        long max = props.purposes().values().stream().mapToLong(p -> p.maxSize().toBytes()).max().orElse(1);
        return new UploadRoute(LocalObjectStore.ROUTE + "**", max, 0, "llmsvc.files.purposes.<purpose>.max-size");
    }
}
