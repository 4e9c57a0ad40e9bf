package io.llmsvc.gateway.ui;

import io.llmsvc.jobs.storage.ObjectStore;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import java.net.URI;
import java.time.Duration;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
@ConditionalOnTarget(Target.GATEWAY)
class SecurityHeadersConfiguration {

    /** First of all filters, so that the rejections of the later ones (413, 401, 403) carry the headers too. */
    @Bean
    FilterRegistrationBean<SecurityHeadersFilter> securityHeadersFilter(ObjectProvider<ObjectStore> objects) {
        var reg = new FilterRegistrationBean<>(new SecurityHeadersFilter(SecurityHeadersFilter.policy(uploadOrigin(objects.getIfAvailable()))));
        reg.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return reg;
    }

    /**
     * The origin the files page uploads to when it is not this one: the host of the store's presigned URLs (S3),
     * taken from a URL signed here (signing is local; nothing is sent). Null for the local store, whose URLs are
     * this gateway's.
     */
    static String uploadOrigin(ObjectStore store) {
        if (store == null || "local".equals(store.kind())) return null;
        try {
            URI u = URI.create(store.presignPut("csp-origin-probe", Duration.ofMinutes(1), "application/octet-stream", 1).url());
            if (u.getScheme() == null || u.getHost() == null) return null;
            return u.getScheme() + "://" + u.getRawAuthority();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(SecurityHeadersConfiguration.class)
                    .warn("cannot tell the {} store's origin; browser uploads to it will be refused by the Content-Security-Policy: {}", store.kind(), e.toString());
            return null;
        }
    }
}
