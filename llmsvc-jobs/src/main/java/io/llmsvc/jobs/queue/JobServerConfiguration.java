package io.llmsvc.jobs.queue;

import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import java.time.Clock;
import org.jobrunr.storage.StorageProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code jobs} target: a JobRunr background server that runs jobs, the heartbeat watchdog, the recurring schedules. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnTarget(Target.JOBS)
public class JobServerConfiguration {

    @Bean(destroyMethod = "close")
    JobRunner jobRunner(JobStore store, JobTypes types, JobRunrQueue runr, JobsProperties props) {
        return new JobRunner(store, types, runr, props, JobsConfiguration.ARGS_JSON, Clock.systemUTC());
    }

    @Bean
    RunJobRequestHandler runJobRequestHandler(JobRunner runner) {
        return new RunJobRequestHandler(runner);
    }

    @Bean
    FireRecurringRequestHandler fireRecurringRequestHandler(JobQueue queue) {
        return new FireRecurringRequestHandler(queue);
    }

    @Bean(destroyMethod = "close")
    JobWatchdog jobWatchdog(JobStore store, JobRunrQueue runr, JobsProperties props) {
        return new JobWatchdog(store, runr, props, Clock.systemUTC());
    }

    @Bean
    JobServer jobServer(StorageProvider storage, JobRunrQueue runr, JobTypes types, JobsProperties props,
                        JobWatchdog watchdog, ApplicationContext context) {
        return new JobServer(storage, runr, types, props, watchdog, JobsConfiguration.activator(context));
    }
}
