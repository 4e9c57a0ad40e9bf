package io.llmsvc.jobs.queue;

import io.llmsvc.api.jobs.JobResult;
import io.llmsvc.api.jobs.JobState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code jobs} table. Every change of state is a conditional update on the state (and run) it leaves, so two
 * processes can never both move one job: a run starts only for the generation it was queued for, and only the run
 * that started ({@code run_id}) can finish it. A cancelled job stays cancelled whatever its run still does.
 */
public class JobStore {
    private static final String COLUMNS = "id, type, owner_id, args, state, progress, progress_message, attempts, "
            + "max_attempts, generation, run_id, runner_ref, result_file_id, result_record_type, result_record_id, "
            + "result_summary, error, idempotency_key, recurring, created_at, started_at, finished_at, next_attempt_at, "
            + "heartbeat_at, updated_at";
    static final int MAX_ERROR = 1000;
    static final int MAX_MESSAGE = 500;

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public JobStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Inserts a queued job; false when (owner, type, idempotency key) exists already. */
    public boolean insert(JobRecord r) {
        try {
            jdbc.update("INSERT INTO jobs (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    r.id(), r.type(), r.ownerId(), r.args(), r.state().wire(), r.progress(), r.progressMessage(),
                    r.attempts(), r.maxAttempts(), r.generation(), r.runId(), r.runnerRef(), null, null, null, null, null,
                    r.idempotencyKey(), r.recurring(), ts(r.createdAt()), null, null, null, null, ts(r.updatedAt()));
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    public Optional<JobRecord> find(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM jobs WHERE id = ?", JobStore::row, id).stream().findFirst();
    }

    public Optional<JobRecord> findByKey(String ownerId, String type, String key) {
        return jdbc.query("SELECT " + COLUMNS + " FROM jobs WHERE owner_id = ? AND type = ? AND idempotency_key = ?",
                JobStore::row, ownerId, type, key).stream().findFirst();
    }

    /** Jobs newest first; a null owner means every owner. */
    public List<JobRecord> list(String ownerId, String type, JobState state, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM jobs WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (ownerId != null) { sql.append(" AND owner_id = ?"); params.add(ownerId); }
        if (type != null) { sql.append(" AND type = ?"); params.add(type); }
        if (state != null) { sql.append(" AND state = ?"); params.add(state.wire()); }
        sql.append(" ORDER BY created_at DESC, id DESC");
        return jdbc.query(limited(sql.toString(), limit, params.toArray()), JobStore::row);
    }

    /** The newest job a recurring schedule created. */
    public Optional<JobRecord> lastOfRecurring(String recurring) {
        return jdbc.query("SELECT " + COLUMNS + " FROM jobs WHERE recurring = ? ORDER BY created_at DESC, id DESC",
                JobStore::row, recurring).stream().findFirst();
    }

    /** Records which JobRunr job runs the current generation. */
    public void setRunnerRef(String id, int generation, String ref) {
        jdbc.update("UPDATE jobs SET runner_ref = ? WHERE id = ? AND generation = ?", ref, id, generation);
    }

    /**
     * Starts run {@code runId} of generation {@code generation}: from {@code queued}, or from {@code running} when the
     * running run's heartbeat is older than {@code staleBefore} (its process died). False when the job is in another
     * generation, finished, cancelled, or alive elsewhere.
     */
    public boolean startRun(String id, int generation, String runId, Instant staleBefore) {
        Timestamp now = now();
        return jdbc.update("UPDATE jobs SET state = ?, run_id = ?, attempts = attempts + 1, heartbeat_at = ?, "
                        + "started_at = COALESCE(started_at, ?), next_attempt_at = NULL, updated_at = ? "
                        + "WHERE id = ? AND generation = ? AND (state = ? OR (state = ? AND (heartbeat_at IS NULL OR heartbeat_at < ?)))",
                JobState.RUNNING.wire(), runId, now, now, now, id, generation, JobState.QUEUED.wire(),
                JobState.RUNNING.wire(), ts(staleBefore)) > 0;
    }

    /** Marks run {@code runId} alive; false when the run no longer owns the job (cancelled, taken over). */
    public boolean heartbeat(String id, String runId) {
        return jdbc.update("UPDATE jobs SET heartbeat_at = ? WHERE id = ? AND run_id = ? AND state = ?",
                now(), id, runId, JobState.RUNNING.wire()) > 0;
    }

    /** Progress of run {@code runId}; false when the run no longer owns the job. */
    public boolean progress(String id, String runId, double fraction, String message) {
        Timestamp now = now();
        return jdbc.update("UPDATE jobs SET progress = ?, progress_message = ?, heartbeat_at = ?, updated_at = ? "
                        + "WHERE id = ? AND run_id = ? AND state = ?",
                fraction, clip(message, MAX_MESSAGE), now, now, id, runId, JobState.RUNNING.wire()) > 0;
    }

    /** Whether run {@code runId} still owns the job (it was not cancelled nor taken over). */
    public boolean owns(String id, String runId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM jobs WHERE id = ? AND run_id = ? AND state = ?",
                Integer.class, id, runId, JobState.RUNNING.wire());
        return n != null && n > 0;
    }

    public boolean succeed(String id, String runId, JobResult result) {
        Timestamp now = now();
        JobResult r = result == null ? JobResult.summary(null) : result;
        return jdbc.update("UPDATE jobs SET state = ?, progress = 1, result_file_id = ?, result_record_type = ?, "
                        + "result_record_id = ?, result_summary = ?, error = NULL, finished_at = ?, updated_at = ? "
                        + "WHERE id = ? AND run_id = ? AND state = ?",
                JobState.SUCCEEDED.wire(), r.fileId(), r.recordType(), r.recordId(), clip(r.summary(), MAX_MESSAGE),
                now, now, id, runId, JobState.RUNNING.wire()) > 0;
    }

    public boolean fail(String id, String runId, String reason) {
        Timestamp now = now();
        return jdbc.update("UPDATE jobs SET state = ?, error = ?, finished_at = ?, updated_at = ? WHERE id = ? AND run_id = ? AND state = ?",
                JobState.FAILED.wire(), clip(reason, MAX_ERROR), now, now, id, runId, JobState.RUNNING.wire()) > 0;
    }

    /** A job that cannot even start (its arguments no longer read): fails from any unfinished state of its generation. */
    public boolean failUnstarted(String id, int generation, String reason) {
        Timestamp now = now();
        return jdbc.update("UPDATE jobs SET state = ?, error = ?, finished_at = ?, updated_at = ? WHERE id = ? AND generation = ? AND state IN (?, ?)",
                JobState.FAILED.wire(), clip(reason, MAX_ERROR), now, now, id, generation, JobState.QUEUED.wire(),
                JobState.RUNNING.wire()) > 0;
    }

    /** Run {@code runId} failed transiently: queued again as the next generation, to run at {@code at}. */
    public boolean retryLater(String id, String runId, String reason, Instant at) {
        return jdbc.update("UPDATE jobs SET state = ?, generation = generation + 1, run_id = NULL, runner_ref = NULL, "
                        + "error = ?, next_attempt_at = ?, heartbeat_at = NULL, updated_at = ? WHERE id = ? AND run_id = ? AND state = ?",
                JobState.QUEUED.wire(), clip(reason, MAX_ERROR), ts(at), now(), id, runId, JobState.RUNNING.wire()) > 0;
    }

    /**
     * A running job whose heartbeat stopped before {@code staleBefore}: queued again as the next generation (false
     * when it is alive again or was moved meanwhile).
     */
    public boolean requeueStale(String id, int generation, Instant staleBefore, String reason) {
        return jdbc.update("UPDATE jobs SET state = ?, generation = generation + 1, run_id = NULL, runner_ref = NULL, "
                        + "error = ?, heartbeat_at = NULL, updated_at = ? WHERE id = ? AND generation = ? AND state = ? "
                        + "AND (heartbeat_at IS NULL OR heartbeat_at < ?)",
                JobState.QUEUED.wire(), clip(reason, MAX_ERROR), now(), id, generation, JobState.RUNNING.wire(), ts(staleBefore)) > 0;
    }

    /** A queued generation that JobRunr finished without running: the next generation takes its place. */
    public boolean requeueQueued(String id, int generation) {
        return jdbc.update("UPDATE jobs SET generation = generation + 1, runner_ref = NULL, updated_at = ? WHERE id = ? AND generation = ? AND state = ?",
                now(), id, generation, JobState.QUEUED.wire()) > 0;
    }

    /** Fails a stale job that has no attempts left. */
    public boolean failStale(String id, int generation, Instant staleBefore, String reason) {
        Timestamp now = now();
        return jdbc.update("UPDATE jobs SET state = ?, error = ?, finished_at = ?, updated_at = ? WHERE id = ? AND generation = ? "
                        + "AND state = ? AND (heartbeat_at IS NULL OR heartbeat_at < ?)",
                JobState.FAILED.wire(), clip(reason, MAX_ERROR), now, now, id, generation, JobState.RUNNING.wire(), ts(staleBefore)) > 0;
    }

    /** Running jobs whose heartbeat is older than {@code staleBefore}. */
    public List<JobRecord> stale(Instant staleBefore) {
        return jdbc.query("SELECT " + COLUMNS + " FROM jobs WHERE state = ? AND (heartbeat_at IS NULL OR heartbeat_at < ?)",
                JobStore::row, JobState.RUNNING.wire(), ts(staleBefore));
    }

    /** Queued jobs last changed before {@code before} (to re-enqueue ones whose JobRunr job was lost). */
    public List<JobRecord> queuedBefore(Instant before) {
        return jdbc.query("SELECT " + COLUMNS + " FROM jobs WHERE state = ? AND updated_at < ? AND (next_attempt_at IS NULL OR next_attempt_at < ?)",
                JobStore::row, JobState.QUEUED.wire(), ts(before), ts(before));
    }

    /** Cancels a queued or running job; false when it had finished. */
    public boolean cancel(String id) {
        Timestamp now = now();
        return jdbc.update("UPDATE jobs SET state = ?, error = ?, finished_at = ?, updated_at = ? WHERE id = ? AND state IN (?, ?)",
                JobState.CANCELLED.wire(), "cancelled", now, now, id, JobState.QUEUED.wire(), JobState.RUNNING.wire()) > 0;
    }

    /** Removes finished jobs that finished before {@code before} (and their steps); the number removed. */
    public int pruneFinished(Instant before) {
        List<String> ids = jdbc.queryForList("SELECT id FROM jobs WHERE state IN (?, ?, ?) AND finished_at < ?", String.class,
                JobState.SUCCEEDED.wire(), JobState.FAILED.wire(), JobState.CANCELLED.wire(), ts(before));
        for (String id : ids) {
            jdbc.update("DELETE FROM job_steps WHERE job_id = ?", id);
            jdbc.update("DELETE FROM jobs WHERE id = ?", id);
        }
        return ids.size();
    }

    /** The recorded outcome of a completed step of a job, if it was completed. */
    public Optional<String> stepOutcome(String jobId, String step) {
        return jdbc.queryForList("SELECT outcome FROM job_steps WHERE job_id = ? AND step = ?", String.class, jobId, step)
                .stream().findFirst().map(s -> s == null ? "" : s);
    }

    /** Records a completed step; false when it was recorded before (by another run). */
    public boolean recordStep(String jobId, String step, String outcome) {
        try {
            jdbc.update("INSERT INTO job_steps (job_id, step, outcome, created_at) VALUES (?, ?, ?, ?)", jobId, step, outcome, now());
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** A query that reads at most {@code limit} rows from the database (portable: JDBC's max rows, not SQL LIMIT). */
    public static org.springframework.jdbc.core.PreparedStatementCreator limited(String sql, int limit, Object... params) {
        return con -> {
            var ps = con.prepareStatement(sql);
            ps.setMaxRows(limit);
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            return ps;
        };
    }

    private Timestamp now() { return Timestamp.from(clock.instant()); }

    static Timestamp ts(Instant i) { return i == null ? null : Timestamp.from(i); }

    static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static Instant instant(ResultSet rs, String col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }

    static JobRecord row(ResultSet rs, int n) throws SQLException {
        String fileId = rs.getString("result_file_id");
        String recType = rs.getString("result_record_type");
        String recId = rs.getString("result_record_id");
        String summary = rs.getString("result_summary");
        JobResult result = fileId == null && recType == null && recId == null && summary == null ? null
                : new JobResult(fileId, recType, recId, summary);
        return new JobRecord(rs.getString("id"), rs.getString("type"), rs.getString("owner_id"), rs.getString("args"),
                JobState.parse(rs.getString("state")), rs.getDouble("progress"), rs.getString("progress_message"),
                rs.getInt("attempts"), rs.getInt("max_attempts"), rs.getInt("generation"), rs.getString("run_id"),
                rs.getString("runner_ref"), result, rs.getString("error"), rs.getString("idempotency_key"),
                rs.getString("recurring"), instant(rs, "created_at"), instant(rs, "started_at"),
                instant(rs, "finished_at"), instant(rs, "next_attempt_at"), instant(rs, "heartbeat_at"), instant(rs, "updated_at"));
    }
}
