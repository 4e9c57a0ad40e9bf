package io.llmsvc.gateway.quota;

import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@ConditionalOnTarget(Target.GATEWAY)
class QuotaConfiguration {

    @Bean
    Admission admission() {
        return new ModelAllowListAdmission();
    }
}
