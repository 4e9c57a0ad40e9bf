package io.llmsvc.jobs.storage;

import io.llmsvc.api.Secret;
import io.llmsvc.runtime.config.LlmsvcProperties;
import io.llmsvc.runtime.internal.ClusterCredential;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import java.io.IOException;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Stored files wherever the application database is; the object store chosen by {@code llmsvc.files.store}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnTarget({Target.GATEWAY, Target.DOCUMENTS, Target.JOBS})
@EnableConfigurationProperties(FilesProperties.class)
public class FilesConfiguration {

    @Bean
    ObjectStore objectStore(FilesProperties props, LlmsvcProperties llmsvc, ClusterCredential credential) throws IOException {
        if ("s3".equals(props.store())) return S3Stores.open(props.s3());
        Secret key = props.signingKey() != null && !props.signingKey().isBlank() ? Secret.of(props.signingKey().strip()) : credential.token();
        LocalObjectStore local = new LocalObjectStore(llmsvc.dataDir(), new UrlSigner(key, Clock.systemUTC()));
        local.clearTemporary();
        return local;
    }

    @Bean
    FileStore fileStore(JdbcTemplate jdbc, ObjectStore objects, FilesProperties props) {
        return new FileStore(jdbc, objects, props, Clock.systemUTC());
    }
}
