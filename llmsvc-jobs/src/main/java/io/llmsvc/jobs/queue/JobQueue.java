package io.llmsvc.jobs.queue;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.agents.Caller;
import io.llmsvc.api.jobs.JobArgs;
import io.llmsvc.api.jobs.JobInfo;
import io.llmsvc.api.jobs.JobQuery;
import io.llmsvc.api.jobs.JobState;
import io.llmsvc.api.jobs.JobsApi;
import io.llmsvc.api.jobs.RecurringJobInfo;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jobrunr.scheduling.cron.CronExpression;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link JobsApi} on the database: a submission is a row in {@code jobs} plus a JobRunr job for its first
 * generation, both written before this returns. A job the caller may not see answers 404 like one that does not
 * exist.
 */
public class JobQueue implements JobsApi {
    public static final String SYSTEM = "system";
    static final int MAX_KEY = 200;

    private final JobStore store;
    private final JobTypes types;
    private final JobRunrQueue runr;
    private final JobsProperties props;
    private final JsonMapper json;
    private final Clock clock;

    public JobQueue(JobStore store, JobTypes types, JobRunrQueue runr, JobsProperties props, JsonMapper json, Clock clock) {
        this.store = store;
        this.types = types;
        this.runr = runr;
        this.props = props;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public JobInfo submitJob(Caller owner, JobArgs args, String idempotencyKey) {
        JobHandler<JobArgs> handler = types.byArgs(args);
        handler.validate(args, owner);
        return submit(owner.userId(), handler, args, idempotencyKey, null);
    }

    /** Submits the job of one firing of the recurring schedule of {@code type}. */
    void submitRecurring(String type, String key) {
        @SuppressWarnings("unchecked")
        JobHandler<JobArgs> handler = (JobHandler<JobArgs>) types.byType(type)
                .orElseThrow(() -> new IllegalStateException("no job type " + type));
        JobArgs args = handler.recurringArgs();
        if (args == null) throw new IllegalStateException("job type " + type + " cannot recur");
        submit(SYSTEM, handler, args, key, type);
    }

    private JobInfo submit(String ownerId, JobHandler<JobArgs> handler, JobArgs args, String key, String recurring) {
        if (key != null && (key.isBlank() || key.length() > MAX_KEY)) {
            throw LlmsvcException.invalid("idempotency_key", "an idempotency key is 1-" + MAX_KEY + " characters");
        }
        String argsJson;
        try {
            argsJson = json.writeValueAsString(args);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("job arguments of " + handler.type() + " cannot be stored: " + e.getOriginalMessage(), e);
        }
        if (key != null) {
            var existing = store.findByKey(ownerId, handler.type(), key);
            if (existing.isPresent()) return sameArgs(existing.get(), argsJson);
        }
        Instant now = clock.instant();
        JobRecord r = new JobRecord(UUID.randomUUID().toString(), handler.type(), ownerId, argsJson, JobState.QUEUED, 0,
                null, 0, maxAttempts(handler.type()), 1, null, null, null, null, key, recurring, now, null, null, null,
                null, now);
        if (!store.insert(r)) {
            // another submission with the same key won the race
            return sameArgs(store.findByKey(ownerId, handler.type(), key).orElseThrow(), argsJson);
        }
        UUID ref = runr.enqueue(r.id(), 1, null);
        store.setRunnerRef(r.id(), 1, ref.toString());
        return r.info();
    }

    private JobInfo sameArgs(JobRecord existing, String argsJson) {
        if (!Objects.equals(existing.args(), argsJson)) {
            throw new LlmsvcException(ErrorCode.CONFLICT, "idempotency key '" + existing.idempotencyKey()
                    + "' was used for a job with other arguments", "idempotency_key");
        }
        return existing.info();
    }

    int maxAttempts(String type) {
        Integer m = props.type(type).maxAttempts();
        return m != null ? m : props.maxAttempts();
    }

    @Override
    public JobInfo getJob(Caller caller, String id) {
        return visible(caller, id).info();
    }

    @Override
    public List<JobInfo> listJobs(Caller caller, JobQuery q) {
        String owner = q.allOwners() && caller.isAdmin() ? null : caller.userId();
        return store.list(owner, q.type(), q.state(), q.limit()).stream().map(JobRecord::info).toList();
    }

    @Override
    public JobInfo cancelJob(Caller caller, String id) {
        JobRecord job = visible(caller, id);
        if (store.cancel(id)) {
            // a running job's heartbeat sees the cancel and interrupts it; deleting the JobRunr job stops a queued one
            runr.delete(id, job.generation());
        }
        return store.find(id).map(JobRecord::info).orElseThrow(() -> notFound(id));
    }

    @Override
    public List<RecurringJobInfo> listRecurring(Caller caller) {
        if (!caller.isAdmin()) throw new LlmsvcException(ErrorCode.FORBIDDEN, "recurring jobs are shown to admins");
        List<RecurringJobInfo> out = new ArrayList<>();
        for (var e : new java.util.TreeMap<>(props.types()).entrySet()) {
            String cron = e.getValue().cron();
            if (cron == null || cron.isBlank() || types.byType(e.getKey()).isEmpty()) continue;
            ZoneId zone = zone(e.getValue());
            Instant next = new CronExpression(cron.strip()).next(clock.instant(), clock.instant(), zone);
            var last = store.lastOfRecurring(e.getKey());
            out.add(new RecurringJobInfo(e.getKey(), cron.strip(), zone.getId(), next, last.map(JobRecord::id).orElse(null),
                    last.map(JobRecord::state).orElse(null)));
        }
        return out;
    }

    static ZoneId zone(JobsProperties.TypeSettings t) {
        return t.zone() == null || t.zone().isBlank() ? ZoneId.systemDefault() : ZoneId.of(t.zone().strip());
    }

    @Override
    public <A extends JobArgs> A jobArgs(Caller caller, String id, Class<A> type) {
        JobRecord job = visible(caller, id);
        try {
            return json.readValue(job.args(), type);
        } catch (JacksonException e) {
            throw new LlmsvcException(ErrorCode.CONFLICT, "the job's arguments are not " + type.getSimpleName());
        }
    }

    private JobRecord visible(Caller caller, String id) {
        JobRecord job = id == null ? null : store.find(id).orElse(null);
        if (job == null || !(caller.isAdmin() || job.ownerId().equals(caller.userId()))) throw notFound(id);
        return job;
    }

    private static LlmsvcException notFound(String id) {
        return new LlmsvcException(ErrorCode.NOT_FOUND, "no job " + id);
    }
}
