package io.llmsvc.jobs.queue;

import io.llmsvc.runtime.config.InvalidSettingException;
import io.llmsvc.runtime.config.ValidatedSettings;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.jobrunr.scheduling.cron.CronExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the job queue ({@code llmsvc.jobs.*}).
 *
 * @param workers           jobs one {@code jobs} process runs at once
 * @param pollInterval      how often a {@code jobs} process looks for work (JobRunr's poll interval; at least 5 s on a
 *                          database): the longest wait from submit to start when the workers are idle
 * @param heartbeatInterval how often a running job's process marks it alive
 * @param staleAfter        a running job whose heartbeat is older than this is taken to be dead and run again
 * @param timeout           how long one run may take unless its type says otherwise
 * @param maxAttempts       runs allowed unless its type says otherwise
 * @param retryBackoff      wait before the first retry after a transient failure; doubled for each further attempt
 * @param retention         how long finished jobs are kept (the {@code jobs.prune} job removes older ones)
 * @param types             per job type: {@code timeout}, {@code max-attempts}, {@code cron} (a recurring schedule), {@code zone}
 */
@ConfigurationProperties("llmsvc.jobs")
public record JobsProperties(
        @DefaultValue("2") int workers,
        @DefaultValue("5s") Duration pollInterval,
        @DefaultValue("5s") Duration heartbeatInterval,
        @DefaultValue("30s") Duration staleAfter,
        @DefaultValue("30m") Duration timeout,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("10s") Duration retryBackoff,
        @DefaultValue("30d") Duration retention,
        @DefaultValue Map<String, TypeSettings> types) implements ValidatedSettings {

    /** Settings of one job type; null fields take the queue-wide value. */
    public record TypeSettings(Duration timeout, Integer maxAttempts, String cron, String zone) {}

    public JobsProperties {
        types = types == null ? Map.of() : Map.copyOf(types);
    }

    @Override
    public void validate() {
        if (workers < 1 || workers > 256) throw new InvalidSettingException("llmsvc.jobs.workers", "a number of job threads from 1 to 256");
        if (pollInterval.compareTo(Duration.ofSeconds(5)) < 0) {
            throw new InvalidSettingException("llmsvc.jobs.poll-interval", "at least 5s (JobRunr's smallest poll interval on a database)");
        }
        if (heartbeatInterval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new InvalidSettingException("llmsvc.jobs.heartbeat-interval", "at least 100ms");
        }
        if (staleAfter.compareTo(heartbeatInterval.multipliedBy(3)) < 0) {
            throw new InvalidSettingException("llmsvc.jobs.stale-after", "at least three heartbeat intervals (" + heartbeatInterval.multipliedBy(3) + ")");
        }
        positive("llmsvc.jobs.timeout", timeout);
        positive("llmsvc.jobs.retry-backoff", retryBackoff);
        positive("llmsvc.jobs.retention", retention);
        if (maxAttempts < 1 || maxAttempts > 100) throw new InvalidSettingException("llmsvc.jobs.max-attempts", "1 to 100");
        for (var e : types.entrySet()) {
            String p = "llmsvc.jobs.types." + e.getKey();
            TypeSettings t = e.getValue();
            if (t.timeout() != null) positive(p + ".timeout", t.timeout());
            if (t.maxAttempts() != null && (t.maxAttempts() < 1 || t.maxAttempts() > 100)) {
                throw new InvalidSettingException(p + ".max-attempts", "1 to 100");
            }
            if (t.cron() != null && !t.cron().isBlank()) {
                try {
                    new CronExpression(t.cron().strip());
                } catch (RuntimeException ex) {
                    throw new InvalidSettingException(p + ".cron", "a cron expression of 5 or 6 fields such as '0 3 * * *' (" + ex.getMessage() + ")");
                }
            }
            if (t.zone() != null && !t.zone().isBlank()) {
                try {
                    ZoneId.of(t.zone().strip());
                } catch (RuntimeException ex) {
                    throw new InvalidSettingException(p + ".zone", "a time zone such as Asia/Seoul or UTC");
                }
            }
        }
    }

    /** The settings of {@code type}, or all nulls. */
    public TypeSettings type(String type) {
        TypeSettings t = types.get(type);
        return t == null ? new TypeSettings(null, null, null, null) : t;
    }

    private static void positive(String setting, Duration d) {
        if (d.isNegative() || d.isZero()) throw new InvalidSettingException(setting, "a positive duration such as 30s or 10m");
    }
}
