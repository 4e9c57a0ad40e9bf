package io.llmsvc.jobs.queue;

import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.sql.common.SqlStorageProviderFactory;
import org.jobrunr.utils.mapper.jackson3.Jackson3JsonMapper;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The job queue wherever the application database is (gateway, documents, jobs): submitting, listing and
 * cancelling work from any of them. Running jobs is {@link JobServerConfiguration}'s, on {@code jobs} targets.
 * JobRunr is configured by hand (not by its starter) so that its storage shares our DataSource and no static
 * global state: several contexts can live in one JVM (tests).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnTarget({Target.GATEWAY, Target.DOCUMENTS, Target.JOBS})
@EnableConfigurationProperties(JobsProperties.class)
public class JobsConfiguration {

    /** Job arguments as JSON: every field written, and a stored job whose fields no longer match fails to read. */
    public static final JsonMapper ARGS_JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /**
     * JobRunr's storage, created after Flyway has migrated (JobRunr adds its own tables, and Flyway refuses a
     * non-empty schema without its history). Several processes starting at once on one database race to create
     * JobRunr's tables: a failed attempt is tried again once the other process is done.
     */
    @Bean(destroyMethod = "close")
    StorageProvider jobRunrStorage(DataSource dataSource,
                                   org.springframework.beans.factory.ObjectProvider<org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer> flyway)
            throws InterruptedException {
        flyway.getIfAvailable();
        RuntimeException last = null;
        for (int attempt = 0; attempt < 8; attempt++) {
            try {
                StorageProvider storage = SqlStorageProviderFactory.using(dataSource, null, org.jobrunr.storage.StorageProviderUtils.DatabaseOptions.CREATE);
                storage.setJobMapper(new JobMapper(new Jackson3JsonMapper()));
                return storage;
            } catch (RuntimeException e) {
                last = e;
                Thread.sleep(500L + 500L * attempt);
            }
        }
        throw last;
    }

    @Bean
    JobRunrQueue jobRunrQueue(StorageProvider storage) {
        return new JobRunrQueue(new JobRequestScheduler(storage), storage);
    }

    @Bean
    JobTypes jobTypes(List<JobHandler<?>> handlers) {
        return new JobTypes(handlers);
    }

    @Bean
    JobStore jobStore(JdbcTemplate jdbc) {
        return new JobStore(jdbc, Clock.systemUTC());
    }

    @Bean
    JobQueue jobQueue(JobStore store, JobTypes types, JobRunrQueue runr, JobsProperties props) {
        return new JobQueue(store, types, runr, props, ARGS_JSON, Clock.systemUTC());
    }

    @Bean
    JobsHealthCheck jobsHealthCheck(StorageProvider storage, JdbcTemplate jdbc, io.llmsvc.jobs.storage.ObjectStore objects, JobsProperties props) {
        return new JobsHealthCheck(storage, jdbc, objects, props);
    }

    /** The JobRunr job activator: handlers are beans of this context. */
    static org.jobrunr.server.JobActivator activator(ApplicationContext context) {
        return new org.jobrunr.server.JobActivator() {
            @Override
            public <T> T activateJob(Class<T> type) {
                return context.getBean(type);
            }
        };
    }
}
