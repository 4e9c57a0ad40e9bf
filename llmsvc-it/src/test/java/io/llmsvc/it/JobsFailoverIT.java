package io.llmsvc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.api.agents.Caller;
import io.llmsvc.api.jobs.JobInfo;
import io.llmsvc.api.jobs.JobState;
import io.llmsvc.it.jobs.StepsJob;
import io.llmsvc.jobs.queue.JobHandler;
import io.llmsvc.jobs.queue.JobQueue;
import io.llmsvc.jobs.queue.JobRunrQueue;
import io.llmsvc.jobs.queue.JobStore;
import io.llmsvc.jobs.queue.JobTypes;
import io.llmsvc.jobs.queue.JobsConfiguration;
import io.llmsvc.jobs.queue.JobsProperties;
import io.llmsvc.testkit.db.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.StorageProviderUtils;
import org.jobrunr.storage.sql.common.SqlStorageProviderFactory;
import org.jobrunr.utils.mapper.jackson3.Jackson3JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Two {@code jobs} processes (and their controller) on one PostgreSQL database, started at once (they race to migrate and to create
 * JobRunr's tables and the recurring schedules). Jobs are submitted from this JVM, as a gateway would. One process
 * is killed with SIGKILL in the middle of a job: the other runs it again, and no step that had completed is done
 * twice. Then a backlog survives a kill, and a graceful stop hands its job over at once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobsFailoverIT {
    static final Caller ALICE = new Caller("alice", Set.of("user"));
    static final Caller ADMIN = new Caller("root", Set.of("admin"));

    @TempDir
    static Path dir;
    static final String TOKEN = "cluster-token-for-jobs-failover-test";
    static TestDatabase.Instance db;
    static Proc controller;
    static JdbcTemplate jdbc;
    static StorageProvider storage;
    static JobQueue queue;
    static final List<Proc> procs = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.POSTGRES.create();
        controller = new Proc("controller", Proc.freePort(), dir.resolve("controller.log"),
                List.of("--target=controller", "--llmsvc.data-dir=" + dir.resolve("controller")), Map.of("LLMSVC_CLUSTER_TOKEN", TOKEN)).start();
        controller.awaitLive(Duration.ofSeconds(120));
        procs.add(jobsProcess("jobs-a").start());
        procs.add(jobsProcess("jobs-b").start());
        for (Proc p : procs) p.awaitLive(Duration.ofSeconds(120));

        DataSource ds = new DriverManagerDataSource(db.url(), db.username(), db.password());
        jdbc = new JdbcTemplate(ds);
        jdbc.execute(StepsJob.TABLE);
        storage = SqlStorageProviderFactory.using(ds, null, StorageProviderUtils.DatabaseOptions.SKIP_CREATE);
        storage.setJobMapper(new JobMapper(new Jackson3JsonMapper()));
        JobsProperties props = new JobsProperties(2, Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofMinutes(5), 3, Duration.ofSeconds(1), Duration.ofDays(30), Map.of());
        List<JobHandler<?>> handlers = List.of(new StepsJob(jdbc));
        queue = new JobQueue(new JobStore(jdbc, Clock.systemUTC()), new JobTypes(handlers),
                new JobRunrQueue(new JobRequestScheduler(storage), storage), props, JobsConfiguration.ARGS_JSON, Clock.systemUTC());
    }

    static Proc jobsProcess(String name) throws Exception {
        return Proc.fromTestClasspath(name, Proc.freePort(), dir.resolve(name + ".log"), List.of(
                "--target=jobs", "--llmsvc.data-dir=" + dir.resolve(name),
                "--llmsvc.jobs.workers=2", "--llmsvc.jobs.heartbeat-interval=1s", "--llmsvc.jobs.stale-after=5s",
                "--llmsvc.jobs.retry-backoff=1s"),
                Map.of("LLMSVC_CLUSTER_TOKEN", TOKEN, "LLMSVC_CONTROLLER_URL", controller.url(), "LLMSVC_DATABASE_URL", db.url(), "LLMSVC_DATABASE_USER", db.username(), "LLMSVC_DATABASE_PASSWORD", db.password()));
    }

    @AfterAll
    static void stop() {
        procs.forEach(Proc::close);
        if (controller != null) controller.close();
        if (storage != null) storage.close();
        if (db != null) db.close();
    }

    @Test
    @Order(1)
    void bothProcessesStartedOnOneDatabaseAndShareTheRecurringSchedules() {
        assertThat(procs).allMatch(Proc::isAlive);
        List<String> ids = storage.getRecurringJobs().stream().map(r -> r.getId()).toList();
        assertThat(ids).containsExactlyInAnyOrder("llmsvcjobs0dot0prune", "llmsvcfiles0dot0cleanup");
    }

    @Test
    @Order(2)
    void aJobOfAKilledProcessRunsAgainElsewhereWithoutRepeatingCompletedSteps() throws Exception {
        JobInfo job = queue.submitJob(ALICE, new StepsJob.Steps(12, 700), "failover-1");
        long pid = awaitEffects(job.id(), 3);
        Proc victim = byPid(pid);
        victim.kill();
        long killedAt = System.nanoTime();
        Set<Integer> doneBeforeKill = completedSteps(job.id());
        assertThat(doneBeforeKill).hasSizeGreaterThanOrEqualTo(3);
        awaitEffectNotBy(job.id(), pid);
        double resumed = (System.nanoTime() - killedAt) / 1e9;

        JobInfo done = await(job.id(), Duration.ofSeconds(120));
        assertThat(done.state()).as("job %s", done).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.attempts()).isEqualTo(2);
        List<Map<String, Object>> effects = effects(job.id());
        for (int step = 0; step < 12; step++) {
            int s = step;
            long n = effects.stream().filter(e -> ((Number) e.get("step")).intValue() == s).count();
            if (doneBeforeKill.contains(step)) assertThat(n).as("step %d, completed before the kill", step).isEqualTo(1);
            else assertThat(n).as("step %d", step).isBetween(1L, 2L); // the step in flight at the kill may be done again
        }
        long survivor = procs.stream().filter(Proc::isAlive).findFirst().orElseThrow().pid();
        assertThat(effects.get(effects.size() - 1).get("pid")).isEqualTo(survivor);
        System.out.printf("failover: the job resumed in the other process %.1f s after the kill (stale-after 5 s, poll interval 5 s)%n", resumed);

        victim.start().awaitLive(Duration.ofSeconds(120)); // rejoins for the next tests
    }

    @Test
    @Order(3)
    void aBacklogSurvivesAKillAndEveryJobFinishesOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) ids.add(queue.submitJob(ALICE, new StepsJob.Steps(3, 400), "backlog-" + i).id());
        long pid = awaitEffects(ids, 4);
        Proc victim = byPid(pid);
        victim.kill();
        Map<String, Set<Integer>> doneBeforeKill = new java.util.HashMap<>();
        for (String id : ids) doneBeforeKill.put(id, completedSteps(id));

        for (String id : ids) {
            JobInfo done = await(id, Duration.ofSeconds(180));
            assertThat(done.state()).as("job %s", done).isEqualTo(JobState.SUCCEEDED);
            List<Map<String, Object>> effects = effects(id);
            for (int step = 0; step < 3; step++) {
                int s = step;
                long n = effects.stream().filter(e -> ((Number) e.get("step")).intValue() == s).count();
                assertThat(n).as("job %s step %d", id, step).isBetween(1L, doneBeforeKill.get(id).contains(step) ? 1L : 2L);
            }
        }
        assertThat(queue.listJobs(ADMIN, new io.llmsvc.api.jobs.JobQuery(null, JobState.RUNNING, true, 500))).isEmpty();
        victim.start().awaitLive(Duration.ofSeconds(120));
    }

    @Test
    @Order(4)
    void aGracefulStopHandsALongRunningJobOverAtOnce() throws Exception {
        // a stopping process gives running jobs 5 s to finish, then interrupts them and queues them again at once
        JobInfo job = queue.submitJob(ALICE, new StepsJob.Steps(30, 500), "graceful-long");
        Proc leaving = byPid(awaitEffects(job.id(), 2));
        long t0 = System.nanoTime();
        leaving.stop();
        JobInfo done = await(job.id(), Duration.ofSeconds(90));
        assertThat(done.state()).as("job %s", done).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.attempts()).isEqualTo(2);
        // the stop interrupts a step's sleep, almost never the step's own write: at most that one is done twice
        assertThat(effects(job.id())).hasSizeBetween(30, 31);
        System.out.printf("graceful stop: job finished elsewhere %.1f s after SIGTERM%n", (System.nanoTime() - t0) / 1e9);
    }

    // --- helpers

    /** Waits until the job's steps have left {@code n} effects; returns the pid of the process doing them. */
    static long awaitEffects(String jobId, int n) throws InterruptedException {
        return awaitEffects(List.of(jobId), n);
    }

    static long awaitEffects(List<String> jobIds, int n) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String in = String.join(",", jobIds.stream().map(id -> "'" + id + "'").toList());
        while (System.nanoTime() < end) {
            List<Map<String, Object>> rows = jdbc.queryForList("select pid from it_effects where job_id in (" + in + ")");
            if (rows.size() >= n) return ((Number) rows.get(rows.size() - 1).get("pid")).longValue();
            Thread.sleep(100);
        }
        throw new AssertionError("no " + n + " effects of " + jobIds + " in 90 s:\n" + procs.get(0).tail() + "\n" + procs.get(1).tail());
    }

    /** Waits until a process other than {@code pid} has done a step of the job. */
    static void awaitEffectNotBy(String jobId, long pid) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < end) {
            if (jdbc.queryForObject("select count(*) from it_effects where job_id = ? and pid <> ?", Integer.class, jobId, pid) > 0) return;
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " did not resume elsewhere in 90 s: " + queue.getJob(ADMIN, jobId));
    }

    static Proc byPid(long pid) {
        return procs.stream().filter(p -> p.isAlive() && p.pid() == pid).findFirst()
                .orElseThrow(() -> new AssertionError("no live jobs process has pid " + pid));
    }

    static Set<Integer> completedSteps(String jobId) {
        Set<Integer> steps = new HashSet<>();
        for (String s : jdbc.queryForList("select step from job_steps where job_id = ?", String.class, jobId)) {
            steps.add(Integer.parseInt(s.substring("step-".length())));
        }
        return steps;
    }

    static List<Map<String, Object>> effects(String jobId) {
        return jdbc.queryForList("select step, pid from it_effects where job_id = ? order by id", jobId);
    }

    static JobInfo await(String id, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        JobInfo j = queue.getJob(ADMIN, id);
        while (System.nanoTime() < end && !j.state().finished()) {
            Thread.sleep(200);
            j = queue.getJob(ADMIN, id);
        }
        if (!j.state().finished()) throw new AssertionError("job did not finish in " + timeout + ": " + j + "\n" + procs.get(0).tail() + "\n" + procs.get(1).tail());
        return j;
    }
}
