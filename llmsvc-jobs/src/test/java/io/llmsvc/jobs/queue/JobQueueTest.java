package io.llmsvc.jobs.queue;

import static io.llmsvc.jobs.queue.QueueHarness.ADMIN;
import static io.llmsvc.jobs.queue.QueueHarness.ALICE;
import static io.llmsvc.jobs.queue.QueueHarness.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.jobs.JobInfo;
import io.llmsvc.api.jobs.JobQuery;
import io.llmsvc.api.jobs.JobState;
import io.llmsvc.testkit.db.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The queue end to end on embedded H2 with a real JobRunr server: states, retries, timeouts, cancel, idempotency. */
class JobQueueTest {
    static QueueHarness h;

    @BeforeAll
    static void start() {
        h = new QueueHarness(TestDatabase.H2, List.of(new TestJobs.StepsJob(), new TestJobs.SlowJob()),
                Map.of("test.slow", new JobsProperties.TypeSettings(Duration.ofSeconds(1), 2, null, null))).start();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    static TestJobs.Steps steps(int n, long ms, int failFirst, boolean permanent) {
        return new TestJobs.Steps(n, ms, failFirst, permanent, "x");
    }

    @Test
    void aJobRunsToSuccessWithProgressAndItsResult() throws Exception {
        JobInfo queued = h.queue.submitJob(ALICE, steps(3, 10, 0, false), null);
        assertThat(queued.state()).isEqualTo(JobState.QUEUED);
        assertThat(queued.ownerId()).isEqualTo("alice");
        JobInfo done = h.awaitFinished(queued.id());
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.progress()).isEqualTo(1.0);
        assertThat(done.progressMessage()).isEqualTo("step 3 of 3");
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(done.result().summary()).isEqualTo("3 steps");
        assertThat(done.startedAt()).isAfterOrEqualTo(done.createdAt());
        assertThat(done.finishedAt()).isAfterOrEqualTo(done.startedAt());
        assertThat(done.error()).isNull();
    }

    @Test
    void aTransientFailureIsRetriedWithBackoffAndItsSideEffectsAreNotRepeated() throws Exception {
        JobInfo j = h.queue.submitJob(ALICE, steps(2, 0, 2, false), null);
        JobInfo done = h.awaitFinished(j.id());
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.attempts()).isEqualTo(3);
        assertThat(TestJobs.runs(j.id())).isEqualTo(3);
        // step 0 ran in all three runs, its side effect once
        assertThat(TestJobs.effects(j.id(), 0)).isEqualTo(1);
        assertThat(TestJobs.effects(j.id(), 1)).isEqualTo(1);
    }

    @Test
    void transientFailuresEndInFailedWhenTheAttemptsRunOut() throws Exception {
        JobInfo j = h.queue.submitJob(ALICE, steps(1, 0, 99, false), null);
        JobInfo done = h.awaitFinished(j.id());
        assertThat(done.state()).isEqualTo(JobState.FAILED);
        assertThat(done.attempts()).isEqualTo(3);
        assertThat(done.error()).contains("flaky upstream").contains("gave up after 3 attempts");
    }

    @Test
    void aPermanentFailureIsNotRetried() throws Exception {
        JobInfo j = h.queue.submitJob(ALICE, new TestJobs.Steps(1, 0, 99, true, "no such column 'x'"), null);
        JobInfo done = h.awaitFinished(j.id());
        assertThat(done.state()).isEqualTo(JobState.FAILED);
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(done.error()).isEqualTo("bad input: no such column 'x'");
    }

    @Test
    void aJobThatHangsPastItsTimeoutFailsWithTheReason() throws Exception {
        JobInfo j = h.queue.submitJob(ALICE, new TestJobs.Slow(60_000), null);
        JobInfo done = h.awaitFinished(j.id());
        assertThat(done.state()).isEqualTo(JobState.FAILED);
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(done.error()).contains("timed out after 1 s");
    }

    @Test
    void aRunningJobIsCancelledAndStaysCancelled() throws Exception {
        JobInfo j = h.queue.submitJob(BOB, new TestJobs.Steps(1, 8_000, 0, false, "long"), null);
        h.await(j.id(), JobState.RUNNING, Duration.ofSeconds(30));
        assertThatThrownBy(() -> h.queue.cancelJob(ALICE, j.id())).isInstanceOf(LlmsvcException.class)
                .extracting(e -> ((LlmsvcException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
        JobInfo cancelled = h.queue.cancelJob(BOB, j.id());
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        Thread.sleep(9_000);
        JobInfo later = h.queue.getJob(BOB, j.id());
        assertThat(later.state()).isEqualTo(JobState.CANCELLED);
        assertThat(later.result()).isNull();
    }

    @Test
    void aQueuedJobIsCancelledBeforeItRuns() throws Exception {
        JobInfo j = h.queue.submitJob(BOB, steps(1, 0, 0, false), null);
        JobInfo cancelled = h.queue.cancelJob(BOB, j.id());
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        Thread.sleep(6_000);
        assertThat(h.queue.getJob(BOB, j.id()).state()).isEqualTo(JobState.CANCELLED);
        assertThat(TestJobs.runs(j.id())).isZero();
        // cancelling a finished job changes nothing
        assertThat(h.queue.cancelJob(BOB, j.id()).state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void anIdempotencyKeySubmitsOnce() {
        JobInfo a = h.queue.submitJob(ALICE, steps(0, 0, 0, false), "report-2026-12");
        JobInfo b = h.queue.submitJob(ALICE, steps(0, 0, 0, false), "report-2026-12");
        assertThat(b.id()).isEqualTo(a.id());
        // another owner's key is another job
        assertThat(h.queue.submitJob(BOB, steps(0, 0, 0, false), "report-2026-12").id()).isNotEqualTo(a.id());
        assertThatThrownBy(() -> h.queue.submitJob(ALICE, steps(5, 0, 0, false), "report-2026-12"))
                .isInstanceOf(LlmsvcException.class).extracting(e -> ((LlmsvcException) e).code()).isEqualTo(ErrorCode.CONFLICT);
    }

    @Test
    void badArgumentsAreRefusedAtSubmission() {
        assertThatThrownBy(() -> h.queue.submitJob(ALICE, steps(-1, 0, 0, false), null))
                .isInstanceOf(LlmsvcException.class).hasMessageContaining("steps must be");
        assertThatThrownBy(() -> h.queue.submitJob(ALICE, new io.llmsvc.api.jobs.JobArgs() {}, null))
                .isInstanceOf(LlmsvcException.class).hasMessageContaining("no job type takes");
    }

    @Test
    void usersSeeTheirOwnJobsAndAdminsAll() {
        JobInfo a = h.queue.submitJob(ALICE, steps(0, 0, 0, false), null);
        JobInfo b = h.queue.submitJob(BOB, steps(0, 0, 0, false), null);
        assertThat(h.queue.listJobs(ALICE, JobQuery.own(500))).extracting(JobInfo::id).contains(a.id()).doesNotContain(b.id());
        // a user asking for all owners still sees only their own
        assertThat(h.queue.listJobs(ALICE, new JobQuery(null, null, true, 500))).extracting(JobInfo::ownerId).containsOnly("alice");
        assertThat(h.queue.listJobs(ADMIN, new JobQuery(null, null, true, 500))).extracting(JobInfo::id).contains(a.id(), b.id());
        assertThatThrownBy(() -> h.queue.getJob(BOB, a.id())).isInstanceOf(LlmsvcException.class)
                .extracting(e -> ((LlmsvcException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThatThrownBy(() -> h.queue.listRecurring(ALICE)).isInstanceOf(LlmsvcException.class)
                .extracting(e -> ((LlmsvcException) e).code()).isEqualTo(ErrorCode.FORBIDDEN);
    }

    @Test
    void argumentsThatNoLongerReadFailTheJobWithTheReason() throws Exception {
        // a job stored by an earlier version whose argument record had other fields
        JobInfo j = h.queue.submitJob(ALICE, new TestJobs.Steps(1, 4_000, 0, false, "x"), null);
        h.jdbc.update("UPDATE jobs SET args = ? WHERE id = ?", "{\"stepCount\":1,\"label\":\"x\"}", j.id());
        JobInfo done = h.awaitFinished(j.id());
        // the update may land after the first run claimed the job: then it succeeds with the arguments it had read
        if (done.state() == JobState.FAILED) {
            assertThat(done.error()).contains("no longer match job type test.steps");
            assertThat(done.attempts()).isZero();
        } else {
            assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        }
    }

    @Test
    void anUnknownStoredTypeFailsWithTheReason() throws Exception {
        JobInfo j = h.queue.submitJob(ALICE, steps(0, 0, 0, false), null);
        h.jdbc.update("UPDATE jobs SET type = 'test.removed' WHERE id = ?", j.id());
        JobInfo done = h.awaitFinished(j.id());
        assertThat(done.state()).isEqualTo(JobState.FAILED);
        assertThat(done.error()).contains("no job type 'test.removed'");
    }

    @Test
    void aRunningJobWhoseWorkerDiedIsRunAgain() throws Exception {
        // a job left 'running' by a process that died: its heartbeat is old and its JobRunr job gone
        JobInfo j = h.queue.submitJob(ALICE, steps(1, 0, 0, false), "dead-worker");
        h.jdbc.update("UPDATE jobs SET state = 'running', attempts = 1, run_id = 'gone', generation = 7, "
                + "heartbeat_at = ? WHERE id = ?", java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(60)), j.id());
        h.watchdog.check();
        JobInfo done = h.awaitFinished(j.id());
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.attempts()).isEqualTo(2);
    }

    @Test
    void aQueuedJobWhoseQueueEntryWasLostIsEnqueuedAgain() throws Exception {
        JobInfo j = h.queue.submitJob(ALICE, steps(0, 0, 0, false), null);
        // the process died between writing the row and the JobRunr job: simulate by moving the row to a generation JobRunr never saw
        h.jdbc.update("UPDATE jobs SET generation = 42, updated_at = ? WHERE id = ?",
                java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(60)), j.id());
        h.watchdog.check();
        assertThat(h.awaitFinished(j.id()).state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void stoppingTheServerStopsItsWatchdogAndStartingResumesIt() {
        assertThat(h.server.isRunning()).isTrue();
        assertThat(h.watchdog.isRunning()).isTrue();
        h.server.stop();
        // a stopping process hands its jobs back; its watchdog must not requeue work meanwhile
        assertThat(h.watchdog.isRunning()).isFalse();
        h.server.start();
        assertThat(h.watchdog.isRunning()).isTrue();
        h.watchdog.start(); // never scheduled twice
        assertThat(h.watchdog.isRunning()).isTrue();
    }
}
