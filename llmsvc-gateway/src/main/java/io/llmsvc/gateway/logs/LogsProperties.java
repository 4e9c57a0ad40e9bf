package io.llmsvc.gateway.logs;

import io.llmsvc.runtime.config.InvalidSettingException;
import io.llmsvc.runtime.config.ValidatedSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Request log settings ({@code llmsvc.logs.*}).
 *
 * @param enabled            record every API request in the {@code request_log} table
 * @param queueCapacity      records waiting to be written; when full, new records are dropped (and counted), the
 *                           request is never blocked
 * @param batchSize          most rows written by one batch insert
 * @param flushInterval      longest time a record waits in the queue when traffic is low
 * @param retention          rows older than this are deleted
 * @param retentionInterval  how often the retention job runs
 * @param deleteBatchSize    rows deleted per statement by the retention job
 * @param maxPageSize        largest {@code limit} accepted by {@code GET /api/v1/logs}
 */
@ConfigurationProperties("llmsvc.logs")
public record LogsProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10000") int queueCapacity,
        @DefaultValue("500") int batchSize,
        @DefaultValue("1s") Duration flushInterval,
        @DefaultValue("30d") Duration retention,
        @DefaultValue("1h") Duration retentionInterval,
        @DefaultValue("1000") int deleteBatchSize,
        @DefaultValue("1000") int maxPageSize) implements ValidatedSettings {

    public static LogsProperties defaults() {
        return new LogsProperties(true, 10_000, 500, Duration.ofSeconds(1), Duration.ofDays(30), Duration.ofHours(1), 1000, 1000);
    }

    @Override
    public void validate() {
        if (queueCapacity < 1 || queueCapacity > 10_000_000) {
            throw new InvalidSettingException("llmsvc.logs.queue-capacity", "an integer between 1 and 10000000");
        }
        if (batchSize < 1 || batchSize > 10_000) {
            throw new InvalidSettingException("llmsvc.logs.batch-size", "an integer between 1 and 10000");
        }
        if (flushInterval == null || flushInterval.toMillis() < 10) {
            throw new InvalidSettingException("llmsvc.logs.flush-interval", "a duration of at least 10ms, such as 1s");
        }
        if (retention == null || retention.toMinutes() < 1) {
            throw new InvalidSettingException("llmsvc.logs.retention", "a duration of at least 1m, such as 30d");
        }
        if (retentionInterval == null || retentionInterval.toSeconds() < 1) {
            throw new InvalidSettingException("llmsvc.logs.retention-interval", "a duration of at least 1s, such as 1h");
        }
        if (deleteBatchSize < 1 || deleteBatchSize > 10_000) {
            throw new InvalidSettingException("llmsvc.logs.delete-batch-size", "an integer between 1 and 10000");
        }
        if (maxPageSize < 1 || maxPageSize > 10_000) {
            throw new InvalidSettingException("llmsvc.logs.max-page-size", "an integer between 1 and 10000");
        }
    }
}
