package io.llmsvc.gateway.keys;

import io.llmsvc.gateway.quota.QuotaProperties;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import java.time.InstantSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
@ConditionalOnTarget(Target.GATEWAY)
class KeysConfiguration {

    @Bean(destroyMethod = "close")
    KeyUsageRecorder keyUsageRecorder(ApiKeyStore store, QuotaProperties props) {
        return new KeyUsageRecorder(store, Math.max(1000, props.flushInterval().toMillis()));
    }

    /** After the bootstrap key (order 0): a database lookup only for tokens that are not the bootstrap key. */
    @Bean
    @Order(10)
    ApiKeyAuthenticator apiKeyAuthenticator(ApiKeyStore store, JdbcClient jdbc, KeyUsageRecorder usage, QuotaProperties props,
                                            org.springframework.beans.factory.ObjectProvider<io.llmsvc.gateway.auth.BootstrapRetirement> retirement) {
        return new ApiKeyAuthenticator(store, new KeyOwners(jdbc, retirement.getIfAvailable(() -> io.llmsvc.gateway.auth.BootstrapRetirement.NEVER)), usage, InstantSource.system(), props.keyCacheTtl().toMillis());
    }
}
