package io.llmsvc.gateway.exchange;

import io.llmsvc.runtime.dispatch.WorkerRouter;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
@ConditionalOnTarget(Target.GATEWAY)
class ExchangeConfiguration {

    /** Runs before the body limit and authentication filters, so their rejections are logged and counted. */
    @Bean
    FilterRegistrationBean<ExchangeFilter> exchangeFilter(List<ExchangeListener> listeners) {
        var reg = new FilterRegistrationBean<>(new ExchangeFilter(listeners));
        reg.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return reg;
    }

    /** The request log's {@code target}: which worker served the request. */
    @Bean
    WorkerRouter.ServedListener exchangeWorkerRecorder() {
        return workerId -> {
            Exchange ex = Exchange.current();
            if (ex != null) ex.worker(workerId);
        };
    }
}
