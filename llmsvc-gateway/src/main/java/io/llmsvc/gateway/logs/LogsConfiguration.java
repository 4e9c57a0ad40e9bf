package io.llmsvc.gateway.logs;

import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
@ConditionalOnTarget(Target.GATEWAY)
@EnableConfigurationProperties(LogsProperties.class)
class LogsConfiguration {

    @Bean
    RequestLogStore requestLogStore(JdbcTemplate jdbc) {
        return new RequestLogStore(jdbc);
    }

    /** Closed after the web server has drained its requests (beans are destroyed after lifecycle stop), so it flushes them all. */
    @Bean(initMethod = "start", destroyMethod = "close")
    RequestLogWriter requestLogWriter(LogsProperties props, RequestLogStore store, MeterRegistry registry) {
        return new RequestLogWriter(props, store::insert, registry);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    RequestLogRetention requestLogRetention(RequestLogStore store, LogsProperties props) {
        return new RequestLogRetention(store, props);
    }
}
