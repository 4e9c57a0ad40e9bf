package io.llmsvc.runtime;

import io.llmsvc.runtime.config.DataDir;
import io.llmsvc.runtime.config.LlmsvcProperties;
import io.llmsvc.runtime.internal.ClusterCredential;
import io.llmsvc.runtime.internal.InternalAuthFilter;
import io.llmsvc.runtime.target.Target;
import io.llmsvc.runtime.target.Targets;
import io.llmsvc.runtime.web.BodyLimitFilter;
import io.llmsvc.runtime.web.UploadRoute;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Beans every target needs: a private data directory, which targets run, the cluster credential, body limits
 * (raised for the paths of {@link UploadRoute} beans), internal auth.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LlmsvcProperties.class)
public class RuntimeConfiguration {

    /**
     * Makes the data directory private ({@link DataDir}) before any bean runs: the database, the cluster token and
     * the stored files are all created in it later.
     */
    @Bean
    static org.springframework.beans.factory.config.BeanFactoryPostProcessor dataDirPermissions(org.springframework.core.env.Environment env) {
        return factory -> DataDir.secure(org.springframework.boot.context.properties.bind.Binder.get(env)
                .bind("llmsvc.data-dir", java.nio.file.Path.class).orElse(java.nio.file.Path.of("./data")));
    }

    @Bean
    Targets targets(LlmsvcProperties props) {
        return new Targets(Target.parseList(props.target()));
    }

    @Bean
    ClusterCredential clusterCredential(LlmsvcProperties props) {
        return ClusterCredential.resolve(props.clusterToken(), props.dataDir());
    }

    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(LlmsvcProperties props,
                                                            org.springframework.beans.factory.ObjectProvider<UploadRoute> uploads) {
        var reg = new FilterRegistrationBean<>(new BodyLimitFilter(props.maxBodySize().toBytes(), uploads.orderedStream().toList()));
        reg.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return reg;
    }

    @Bean
    FilterRegistrationBean<InternalAuthFilter> internalAuthFilter(ClusterCredential credential) {
        var reg = new FilterRegistrationBean<>(new InternalAuthFilter(credential));
        reg.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return reg;
    }
}
