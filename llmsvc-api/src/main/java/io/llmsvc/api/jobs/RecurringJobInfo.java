package io.llmsvc.api.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A recurring schedule of one job type, from configuration ({@code llmsvc.jobs.types.<type>.cron}).
 *
 * @param cron      the schedule (5 or 6 fields)
 * @param zone      the time zone it is read in
 * @param nextRunAt the next time it fires
 * @param lastJobId the job it created last, or null
 */
public record RecurringJobInfo(
        String type,
        String cron,
        String zone,
        @JsonProperty("next_run_at") Instant nextRunAt,
        @JsonProperty("last_job_id") String lastJobId,
        @JsonProperty("last_state") JobState lastState) {}
