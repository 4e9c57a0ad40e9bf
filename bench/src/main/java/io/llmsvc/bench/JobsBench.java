package io.llmsvc.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.llmsvc.api.agents.Caller;
import io.llmsvc.jobs.queue.FireRecurringRequestHandler;
import io.llmsvc.jobs.queue.JobQueue;
import io.llmsvc.jobs.queue.JobRunner;
import io.llmsvc.jobs.queue.JobRunrQueue;
import io.llmsvc.jobs.queue.JobServer;
import io.llmsvc.jobs.queue.JobStore;
import io.llmsvc.jobs.queue.JobTypes;
import io.llmsvc.jobs.queue.JobWatchdog;
import io.llmsvc.jobs.queue.JobsConfiguration;
import io.llmsvc.jobs.queue.JobsProperties;
import io.llmsvc.jobs.queue.RunJobRequestHandler;
import io.llmsvc.testkit.db.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.flywaydb.core.Flyway;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.JobActivator;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.StorageProviderUtils;
import org.jobrunr.storage.sql.common.SqlStorageProviderFactory;
import org.jobrunr.utils.mapper.jackson3.Jackson3JsonMapper;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code jobs}: our job queue (our {@code jobs} table, argument records, claims, heartbeats and the watchdog on top
 * of JobRunr) next to plain JobRunr on the same kind of database with the same worker count and poll interval,
 * which is what a team would run instead. Each side has its own fresh database (H2 in memory, a PostgreSQL schema)
 * and its own JobRunr background server; rounds alternate between the sides. Throughput: {@code --jobs} jobs
 * submitted one after the other (the submission time per job), then the time from the first job's start until
 * JobRunr counts them all succeeded (jobs/s; the wait for the first poll is start latency, not throughput). Start
 * latency: one job on an idle queue, submitted at a random moment of the poll cycle, timed until its code starts.
 */
final class JobsBench {
    private static final Caller OWNER = new Caller("bench", Set.of("user"));
    private static final Duration POLL = Duration.ofSeconds(5);

    /** One queue under test: submits a job, and shows JobRunr's storage to count the succeeded ones. */
    private interface Side extends AutoCloseable {
        void submit(int i);

        StorageProvider storage();

        @Override
        void close();
    }

    static void run() throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(ch.qos.logback.classic.Level.WARN);
        int jobs = Integer.parseInt(BenchMain.option("jobs", "200"));
        int rounds = Integer.parseInt(BenchMain.option("rounds", "3"));
        int samples = Integer.parseInt(BenchMain.option("latency-samples", "5"));
        List<TestDatabase> dbs = new ArrayList<>();
        for (String d : BenchMain.option("dbs", "h2,postgres").split(",")) dbs.add(TestDatabase.valueOf(d.strip().toUpperCase(Locale.ROOT)));
        System.out.printf("%d jobs a round, %d rounds a side, every job sleeps %d ms; poll interval %d s; %d start-latency samples a side%n%n",
                jobs, rounds, JobsBenchJobs.SLEEP_MS, POLL.toSeconds(), samples);
        Table throughput = new Table("database", "workers", "submit ms/job ours", "plain", "run jobs/s ours", "plain JobRunr", "ours / plain", "ideal");
        Table latency = new Table("database", "workers", "ours start p50", "ours max", "plain start p50", "plain max");
        for (TestDatabase db : dbs) {
            for (int workers : new int[] {1, 2}) {
                try (Side ours = ours(db, workers); Side plain = plain(db, workers)) {
                    round(ours, Math.max(10, jobs / 4));
                    round(plain, Math.max(10, jobs / 4));
                    long[] oursSum = new long[2], plainSum = new long[2];
                    for (int r = 0; r < rounds; r++) {
                        boolean oursFirst = r % 2 == 0;
                        Round a = round(oursFirst ? ours : plain, jobs);
                        Round b = round(oursFirst ? plain : ours, jobs);
                        add(oursFirst ? oursSum : plainSum, a);
                        add(oursFirst ? plainSum : oursSum, b);
                    }
                    double n = (double) jobs * rounds;
                    double oursRate = n / (oursSum[1] / 1e9), plainRate = n / (plainSum[1] / 1e9);
                    throughput.row(db.name().toLowerCase(Locale.ROOT), workers, Stats.f2(oursSum[0] / 1e6 / n), Stats.f2(plainSum[0] / 1e6 / n),
                            Stats.f1(oursRate), Stats.f1(plainRate), Stats.f2(oursRate / plainRate), Stats.f1(workers * 1000.0 / JobsBenchJobs.SLEEP_MS));
                    Stats oursStart = new Stats(), plainStart = new Stats();
                    for (int s = 0; s < samples; s++) {
                        oursStart.add(startLatency(ours));
                        plainStart.add(startLatency(plain));
                    }
                    latency.row(db.name().toLowerCase(Locale.ROOT), workers, Stats.f1(oursStart.percentileMs(50)), Stats.f1(oursStart.percentileMs(100)),
                            Stats.f1(plainStart.percentileMs(50)), Stats.f1(plainStart.percentileMs(100)));
                }
            }
        }
        System.out.println("### Throughput: submitting, then running from the first start to the last success (ideal: workers / sleep)");
        System.out.println();
        throughput.print();
        System.out.println("### Start latency on an idle queue (ms)");
        System.out.println();
        latency.print();
    }

    /** One round: the time to submit the jobs, and from the first job's start until all of them succeeded. */
    private record Round(long submitNanos, long runNanos) {}

    /** Submits {@code n} jobs and waits until JobRunr counts them succeeded. */
    private static Round round(Side side, int n) throws InterruptedException {
        long before = side.storage().countJobs(StateName.SUCCEEDED);
        JobsBenchJobs.armStart();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) side.submit(i);
        long submitted = System.nanoTime();
        long deadline = t0 + Duration.ofMinutes(5).toNanos();
        while (side.storage().countJobs(StateName.SUCCEEDED) < before + n) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("a round of " + n + " jobs did not finish in 5 minutes");
            Thread.sleep(10);
        }
        return new Round(submitted - t0, System.nanoTime() - JobsBenchJobs.started());
    }

    /** Waits a random part of the poll interval, submits one job and times until its code starts. */
    private static long startLatency(Side side) throws InterruptedException {
        Thread.sleep(ThreadLocalRandom.current().nextLong(POLL.toMillis()));
        JobsBenchJobs.armStart();
        long t0 = System.nanoTime();
        side.submit(0);
        long deadline = t0 + Duration.ofMinutes(1).toNanos();
        while (JobsBenchJobs.started() == 0) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("a job did not start in a minute");
            Thread.sleep(1);
        }
        long started = JobsBenchJobs.started() - t0;
        Thread.sleep(200); // let it finish before the next measurement
        return started;
    }

    private static void add(long[] sums, Round r) {
        sums[0] += r.submitNanos();
        sums[1] += r.runNanos();
    }

    private static HikariDataSource pool(TestDatabase.Instance db) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(db.url());
        c.setUsername(db.username());
        c.setPassword(db.password());
        c.setMaximumPoolSize(10);
        return new HikariDataSource(c);
    }

    /**
     * JobRunr's storage; on PostgreSQL its tables are named with the schema, since JobRunr looks for its tables in
     * every schema and would take another side's for its own.
     */
    private static StorageProvider storage(HikariDataSource ds, TestDatabase.Instance db) {
        String prefix = db.kind() == TestDatabase.POSTGRES ? db.name() + "." : null;
        StorageProvider storage = SqlStorageProviderFactory.using(ds, prefix, StorageProviderUtils.DatabaseOptions.CREATE);
        storage.setJobMapper(new JobMapper(new Jackson3JsonMapper()));
        return storage;
    }

    /** Our queue as a {@code jobs} process builds it (JobsConfiguration, JobServerConfiguration), without Spring. */
    private static Side ours(TestDatabase kind, int workers) {
        TestDatabase.Instance db = kind.create();
        HikariDataSource ds = pool(db);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        StorageProvider storage = storage(ds, db);
        JobsProperties props = new JobsProperties(workers, POLL, Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofMinutes(30), 3, Duration.ofSeconds(10), Duration.ofDays(30), Map.of());
        props.validate();
        Clock clock = Clock.systemUTC();
        JobStore store = new JobStore(new JdbcTemplate(ds), clock);
        JobTypes types = new JobTypes(List.of(new JobsBenchJobs.SleepJob()));
        JobRunrQueue runr = new JobRunrQueue(new JobRequestScheduler(storage), storage);
        JobQueue queue = new JobQueue(store, types, runr, props, JobsConfiguration.ARGS_JSON, clock);
        JobRunner runner = new JobRunner(store, types, runr, props, JobsConfiguration.ARGS_JSON, clock);
        JobWatchdog watchdog = new JobWatchdog(store, runr, props, clock);
        RunJobRequestHandler run = new RunJobRequestHandler(runner);
        FireRecurringRequestHandler fire = new FireRecurringRequestHandler(queue);
        JobServer server = new JobServer(storage, runr, types, props, watchdog, activator(Map.of(RunJobRequestHandler.class, run, FireRecurringRequestHandler.class, fire)));
        server.start();
        return new Side() {
            @Override
            public void submit(int i) { queue.submitJob(OWNER, new JobsBenchJobs.SleepArgs(i), null); }

            @Override
            public StorageProvider storage() { return storage; }

            @Override
            public void close() {
                server.stop();
                watchdog.close();
                runner.close();
                storage.close();
                ds.close();
                db.close();
            }
        };
    }

    /** Plain JobRunr: the same storage and background-server settings, a job request enqueued directly. */
    private static Side plain(TestDatabase kind, int workers) {
        TestDatabase.Instance db = kind.create();
        HikariDataSource ds = pool(db);
        StorageProvider storage = storage(ds, db);
        JobRequestScheduler scheduler = new JobRequestScheduler(storage);
        BackgroundJobServerConfiguration config = BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                .andPollInterval(POLL).andWorkerCount(workers);
        BackgroundJobServer server = new BackgroundJobServer(storage, new Jackson3JsonMapper(),
                activator(Map.of(JobsBenchJobs.PlainHandler.class, new JobsBenchJobs.PlainHandler())), config);
        server.start();
        return new Side() {
            @Override
            public void submit(int i) { scheduler.enqueue(new JobsBenchJobs.PlainRequest(i)); }

            @Override
            public StorageProvider storage() { return storage; }

            @Override
            public void close() {
                server.stop();
                storage.close();
                ds.close();
                db.close();
            }
        };
    }

    private static JobActivator activator(Map<Class<?>, Object> beans) {
        return new JobActivator() {
            @Override
            public <T> T activateJob(Class<T> type) {
                Object bean = beans.get(type);
                if (bean == null) throw new IllegalArgumentException("no handler " + type.getName());
                return type.cast(bean);
            }
        };
    }

    private JobsBench() {}
}
