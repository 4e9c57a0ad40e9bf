package io.llmsvc.jobs.queue;

import static io.llmsvc.jobs.queue.QueueHarness.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.api.jobs.JobInfo;
import io.llmsvc.api.jobs.JobState;
import io.llmsvc.testkit.db.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The schema, our store and JobRunr's on each database the queue runs on: a job with a retry runs to success. */
class JobQueueDatabasesTest {

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aJobWithARetryRunsOn(TestDatabase kind) throws Exception {
        try (QueueHarness h = new QueueHarness(kind, List.of(new TestJobs.StepsJob()), Map.of()).start()) {
            JobInfo j = h.queue.submitJob(ALICE, new TestJobs.Steps(2, 0, 1, false, "한국어 라벨"), "key-" + kind);
            JobInfo done = h.awaitFinished(j.id());
            assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(done.attempts()).isEqualTo(2);
            assertThat(TestJobs.effects(j.id(), 0)).isEqualTo(1);
            assertThat(h.queue.submitJob(ALICE, new TestJobs.Steps(2, 0, 1, false, "한국어 라벨"), "key-" + kind).id()).isEqualTo(j.id());
            assertThat(h.store.pruneFinished(java.time.Instant.now().plusSeconds(1))).isGreaterThanOrEqualTo(1);
        }
    }
}
