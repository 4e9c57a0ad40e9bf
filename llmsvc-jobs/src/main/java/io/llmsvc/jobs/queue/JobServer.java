package io.llmsvc.jobs.queue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jobrunr.jobs.filters.RetryFilter;
import org.jobrunr.jobs.RecurringJob;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.JobActivator;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.utils.mapper.jackson3.Jackson3JsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The JobRunr background server of a {@code jobs} target, started once the context is up (so every handler bean
 * exists) and stopped first at shutdown. Starting also (re)registers the recurring schedules from configuration and
 * removes schedules that configuration no longer has.
 *
 * <p>JobRunr's own retries (3) cover only what happens outside our handler's control — a process that died while
 * running a job (JobRunr marks it orphaned once the server misses its heartbeats) or a database error before the
 * run was claimed; typed retries with backoff are {@link JobRunner}'s.
 */
public class JobServer implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(JobServer.class);

    private final StorageProvider storage;
    private final JobRunrQueue runr;
    private final JobTypes types;
    private final JobsProperties props;
    private final JobWatchdog watchdog;
    private final JobActivator activator;
    private volatile BackgroundJobServer server;

    public JobServer(StorageProvider storage, JobRunrQueue runr, JobTypes types, JobsProperties props,
                     JobWatchdog watchdog, JobActivator activator) {
        this.storage = storage;
        this.runr = runr;
        this.types = types;
        this.props = props;
        this.watchdog = watchdog;
        this.activator = activator;
    }

    @Override
    public void start() {
        scheduleRecurring();
        BackgroundJobServerConfiguration config = BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                .andPollInterval(props.pollInterval())
                .andWorkerCount(props.workers())
                .andInterruptJobsAwaitDurationOnStopBackgroundJobServer(Duration.ofSeconds(5));
        BackgroundJobServer s = new BackgroundJobServer(storage, new Jackson3JsonMapper(), activator, config);
        s.setJobFilters(List.of(new RetryFilter(3, 2)));
        s.start();
        server = s;
        watchdog.start();
        log.info("jobs: {} workers, polling every {} s; types {}", props.workers(), props.pollInterval().toSeconds(), types.names());
    }

    private void scheduleRecurring() {
        Set<String> wanted = props.types().entrySet().stream()
                .filter(e -> e.getValue().cron() != null && !e.getValue().cron().isBlank())
                .map(java.util.Map.Entry::getKey).collect(Collectors.toSet());
        for (String type : wanted) {
            var handler = types.byType(type).orElseThrow(() -> new IllegalStateException(
                    "llmsvc.jobs.types." + type + ".cron: there is no job type " + type + " (known: " + types.names() + ")"));
            if (handler.recurringArgs() == null) {
                throw new IllegalStateException("llmsvc.jobs.types." + type + ".cron: job type " + type + " cannot recur");
            }
            var t = props.type(type);
            runr.scheduleRecurring(type, t.cron().strip(), JobQueue.zone(t));
        }
        Set<String> wantedIds = wanted.stream().map(JobRunrQueue::recurringId).collect(Collectors.toSet());
        for (RecurringJob r : storage.getRecurringJobs()) {
            String id = r.getId();
            if (id.startsWith(JobRunrQueue.RECURRING_PREFIX) && !wantedIds.contains(id)) runr.deleteRecurringById(id);
        }
    }

    @Override
    public void stop() {
        watchdog.stop();
        BackgroundJobServer s = server;
        server = null;
        if (s != null) s.stop();
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** Stop before the web server and the DataSource (higher phases stop first). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
