package io.llmsvc.jobs.queue;

import io.llmsvc.jobs.storage.ObjectStore;
import io.llmsvc.runtime.health.HealthCheck;
import io.llmsvc.runtime.health.HealthReport;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jobrunr.storage.BackgroundJobServerStatus;
import org.jobrunr.storage.StorageProvider;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The job queue in the health document: how many {@code jobs} processes are alive (JobRunr servers with a recent
 * heartbeat), how many jobs wait and run, and which object store holds files. Always UP: without a {@code jobs}
 * process jobs wait in the queue, and the document says so.
 */
public class JobsHealthCheck implements HealthCheck {
    private final StorageProvider storage;
    private final JdbcTemplate jdbc;
    private final ObjectStore objects;
    private final JobsProperties props;

    public JobsHealthCheck(StorageProvider storage, JdbcTemplate jdbc, ObjectStore objects, JobsProperties props) {
        this.storage = storage;
        this.jdbc = jdbc;
        this.objects = objects;
        this.props = props;
    }

    @Override
    public String name() { return "jobs"; }

    @Override
    public HealthReport check() {
        Map<String, Object> d = new LinkedHashMap<>();
        try {
            Instant alive = Instant.now().minus(props.pollInterval().multipliedBy(4).plus(Duration.ofSeconds(5)));
            long servers = storage.getBackgroundJobServers().stream()
                    .filter(BackgroundJobServerStatus::isRunning)
                    .filter(s -> s.getLastHeartbeat() != null && s.getLastHeartbeat().isAfter(alive)).count();
            d.put("job_processes", servers);
            if (servers == 0) d.put("note", "no jobs process is running: jobs wait in the queue (start a 'jobs' target)");
            d.put("queued", jdbc.queryForObject("SELECT COUNT(*) FROM jobs WHERE state = 'queued'", Long.class));
            d.put("running", jdbc.queryForObject("SELECT COUNT(*) FROM jobs WHERE state = 'running'", Long.class));
        } catch (RuntimeException e) {
            d.put("error", "cannot read the queue: " + e.getClass().getSimpleName());
        }
        d.put("file_store", objects.kind());
        return HealthReport.up(d);
    }
}
