package io.llmsvc.gateway.auth;

import io.llmsvc.runtime.config.LlmsvcProperties;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

@Configuration(proxyBeanMethods = false)
@ConditionalOnTarget(Target.GATEWAY)
class AuthConfiguration {

    @Bean
    BootstrapKey bootstrapKey(LlmsvcProperties props) {
        return BootstrapKey.resolve(props.bootstrapKey(), props.dataDir());
    }

    /** Checked first: one hash comparison. */
    @Bean
    @Order(0)
    Authenticator bootstrapAuthenticator(BootstrapKey key, ObjectProvider<BootstrapRetirement> retirement) {
        return new BootstrapAuthenticator(key, retirement.getIfAvailable(() -> BootstrapRetirement.NEVER));
    }

    /** A generated key is made and printed only by a start that succeeded. */
    @Bean
    org.springframework.context.ApplicationListener<org.springframework.boot.context.event.ApplicationReadyEvent> bootstrapKeyIssuer(
            BootstrapKey key, ObjectProvider<BootstrapRetirement> retirement) {
        return e -> key.issueIfNone(System.out, retirement.getIfAvailable() != null);
    }

    /**
     * @param anonymous beans of type {@link AnonymousRoutes} add exact paths that need no credentials
     */
    @Bean
    FilterRegistrationBean<AuthFilter> authFilter(List<Authenticator> authenticators, ObjectProvider<AnonymousRoutes> anonymous) {
        Set<String> routes = new HashSet<>();
        anonymous.orderedStream().forEach(r -> routes.addAll(r.paths()));
        var reg = new FilterRegistrationBean<>(new AuthFilter(authenticators, Set.copyOf(routes)));
        reg.setOrder(Ordered.HIGHEST_PRECEDENCE + 30);
        return reg;
    }
}
