package io.llmsvc.gateway.quota;

import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Admission by API key limits, with counters in this process ({@code llmsvc.limits.store=memory}, the default) or
 * in Redis ({@code redis}). Redis is reached with Lettuce directly, and only when configured: the gateway has no
 * Spring Data Redis auto-configuration, so nothing connects to Redis in memory mode.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnTarget(Target.GATEWAY)
@EnableConfigurationProperties(QuotaProperties.class)
class QuotaConfiguration {

    @Bean(destroyMethod = "close")
    BudgetJournal budgetJournal(JdbcClient jdbc, QuotaProperties props) {
        return new BudgetJournal(jdbc, props.flushInterval().toMillis());
    }

    @Bean(destroyMethod = "close")
    CounterStore counterStore(QuotaProperties props, BudgetJournal journal) {
        if (props.redis()) {
            return new RedisCounterStore(props.redisUrl(), props.redisPrefix(), props.redisTimeout(), props.concurrencyLease(),
                    journal, props.redisUrlForLog(), Clock.systemUTC());
        }
        return new MemoryCounterStore(journal);
    }

    @Bean
    Admission admission(CounterStore store, BudgetJournal journal) {
        return new LimitAdmission(store, journal, Clock.systemUTC());
    }
}
