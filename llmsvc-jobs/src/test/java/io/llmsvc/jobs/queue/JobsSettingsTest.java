package io.llmsvc.jobs.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.jobs.storage.FilesProperties;
import io.llmsvc.runtime.config.InvalidSettingException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class JobsSettingsTest {
    static JobsProperties jobs(Duration poll, Duration beat, Duration stale, Map<String, JobsProperties.TypeSettings> types) {
        return new JobsProperties(2, poll, beat, stale, Duration.ofMinutes(30), 3, Duration.ofSeconds(10), Duration.ofDays(30), types);
    }

    static String setting(Runnable r) {
        try {
            r.run();
            return null;
        } catch (InvalidSettingException e) {
            return e.setting();
        }
    }

    @Test
    void badQueueSettingsNameTheSetting() {
        Duration s5 = Duration.ofSeconds(5);
        assertThat(setting(() -> jobs(s5, s5, Duration.ofSeconds(30), Map.of()).validate())).isNull();
        assertThat(setting(() -> jobs(Duration.ofSeconds(1), s5, Duration.ofSeconds(30), Map.of()).validate())).isEqualTo("llmsvc.jobs.poll-interval");
        assertThat(setting(() -> jobs(s5, s5, Duration.ofSeconds(10), Map.of()).validate())).isEqualTo("llmsvc.jobs.stale-after");
        assertThat(setting(() -> jobs(s5, s5, Duration.ofSeconds(30),
                Map.of("jobs.prune", new JobsProperties.TypeSettings(null, null, "every day", null))).validate()))
                .isEqualTo("llmsvc.jobs.types.jobs.prune.cron");
        assertThat(setting(() -> jobs(s5, s5, Duration.ofSeconds(30),
                Map.of("jobs.prune", new JobsProperties.TypeSettings(null, null, "0 3 * * *", "Mars/Olympus"))).validate()))
                .isEqualTo("llmsvc.jobs.types.jobs.prune.zone");
        assertThat(setting(() -> jobs(s5, s5, Duration.ofSeconds(30),
                Map.of("x.y", new JobsProperties.TypeSettings(null, 0, null, null))).validate()))
                .isEqualTo("llmsvc.jobs.types.x.y.max-attempts");
    }

    static FilesProperties files(String store, Duration ttl, Map<String, FilesProperties.Purpose> purposes) {
        return new FilesProperties(store, ttl, Duration.ofHours(24), null, purposes,
                new FilesProperties.S3(null, "us-east-1", null, null, null, false, null));
    }

    @Test
    void badFileSettingsNameTheSettingAndPurposesMergeWithTheBuiltIns() {
        assertThat(setting(() -> files("local", Duration.ofMinutes(15), Map.of()).validate())).isNull();
        assertThat(setting(() -> files("ftp", Duration.ofMinutes(15), Map.of()).validate())).isEqualTo("llmsvc.files.store");
        assertThat(setting(() -> files("s3", Duration.ofMinutes(15), Map.of()).validate())).isEqualTo("llmsvc.files.s3.bucket");
        assertThat(setting(() -> files("local", Duration.ofDays(8), Map.of()).validate())).isEqualTo("llmsvc.files.url-ttl");
        assertThat(setting(() -> files("local", Duration.ofMinutes(15),
                Map.of("Bad Name", new FilesProperties.Purpose(DataSize.ofMegabytes(1), List.of()))).validate()))
                .isEqualTo("llmsvc.files.purposes.Bad Name");
        FilesProperties p = files("local", Duration.ofMinutes(15),
                Map.of("resume", new FilesProperties.Purpose(DataSize.ofMegabytes(20), List.of("application/pdf")),
                        "upload", new FilesProperties.Purpose(DataSize.ofMegabytes(5), List.of())));
        assertThat(p.purpose("upload").maxSize()).isEqualTo(DataSize.ofMegabytes(5));
        assertThat(p.purpose("job-result")).isNotNull();
        assertThat(p.purpose("resume").allows("application/pdf; charset=binary")).isTrue();
        assertThat(p.purpose("resume").allows("text/plain")).isFalse();
        assertThat(new FilesProperties.Purpose(DataSize.ofMegabytes(1), List.of("image/*")).allows("image/png")).isTrue();
    }
}
