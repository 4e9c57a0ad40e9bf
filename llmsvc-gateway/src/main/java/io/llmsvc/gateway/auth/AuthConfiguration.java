package io.llmsvc.gateway.auth;

import io.llmsvc.runtime.config.LlmsvcProperties;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
@ConditionalOnTarget(Target.GATEWAY)
class AuthConfiguration {

    @Bean
    BootstrapKey bootstrapKey(LlmsvcProperties props) {
        return BootstrapKey.resolve(props.bootstrapKey(), props.dataDir());
    }

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(BootstrapKey key) {
        var reg = new FilterRegistrationBean<>(new ApiKeyFilter(key));
        reg.setOrder(Ordered.HIGHEST_PRECEDENCE + 30);
        return reg;
    }
}
