package io.llmsvc.jobs.queue;

import io.llmsvc.api.agents.Caller;
import io.llmsvc.api.jobs.JobInfo;
import io.llmsvc.api.jobs.JobState;
import io.llmsvc.testkit.db.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.StorageProviderUtils;
import org.jobrunr.storage.sql.common.SqlStorageProviderFactory;
import org.jobrunr.utils.mapper.jackson3.Jackson3JsonMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The whole queue without Spring: a real database migrated by Flyway, JobRunr's SQL storage and background server,
 * our store, runner and watchdog, with the given handlers. One harness is one {@code jobs} process.
 */
final class QueueHarness implements AutoCloseable {
    static final Caller ALICE = new Caller("alice", Set.of("user"));
    static final Caller BOB = new Caller("bob", Set.of("user"));
    static final Caller ADMIN = new Caller("root", Set.of("admin"));

    final TestDatabase.Instance db;
    final JdbcTemplate jdbc;
    final JobsProperties props;
    final JobStore store;
    final JobTypes types;
    final JobRunrQueue runr;
    final JobQueue queue;
    final JobRunner runner;
    final JobWatchdog watchdog;
    final JobServer server;
    final StorageProvider storage;

    QueueHarness(TestDatabase kind, List<JobHandler<?>> handlers, Map<String, JobsProperties.TypeSettings> typeSettings) {
        db = kind.create();
        DataSource ds = new DriverManagerDataSource(db.url(), db.username(), db.password());
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(ds);
        props = new JobsProperties(2, Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(2),
                Duration.ofSeconds(20), 3, Duration.ofMillis(300), Duration.ofDays(30), typeSettings);
        props.validate();
        Clock clock = Clock.systemUTC();
        storage = SqlStorageProviderFactory.using(ds, null, StorageProviderUtils.DatabaseOptions.CREATE);
        storage.setJobMapper(new JobMapper(new Jackson3JsonMapper()));
        store = new JobStore(jdbc, clock);
        types = new JobTypes(handlers);
        runr = new JobRunrQueue(new org.jobrunr.scheduling.JobRequestScheduler(storage), storage);
        queue = new JobQueue(store, types, runr, props, JobsConfiguration.ARGS_JSON, clock);
        runner = new JobRunner(store, types, runr, props, JobsConfiguration.ARGS_JSON, clock);
        watchdog = new JobWatchdog(store, runr, props, clock);
        RunJobRequestHandler run = new RunJobRequestHandler(runner);
        FireRecurringRequestHandler fire = new FireRecurringRequestHandler(queue);
        server = new JobServer(storage, runr, types, props, watchdog, new org.jobrunr.server.JobActivator() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T activateJob(Class<T> type) {
                if (type == RunJobRequestHandler.class) return (T) run;
                if (type == FireRecurringRequestHandler.class) return (T) fire;
                throw new IllegalArgumentException(type.getName());
            }
        });
    }

    QueueHarness start() {
        server.start();
        return this;
    }

    /** Waits until the job is in a finished state (or {@code state}), at most {@code timeout}. */
    JobInfo await(String id, JobState state, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        JobInfo j = queue.getJob(ADMIN, id);
        while (System.nanoTime() < end) {
            j = queue.getJob(ADMIN, id);
            if (j.state() == state || (state == null && j.state().finished())) return j;
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not reach " + (state == null ? "a final state" : state) + " in " + timeout + ": " + j);
    }

    JobInfo awaitFinished(String id) throws InterruptedException {
        return await(id, null, Duration.ofSeconds(60));
    }

    @Override
    public void close() {
        server.stop();
        watchdog.close();
        runner.close();
        storage.close();
        db.close();
    }
}
