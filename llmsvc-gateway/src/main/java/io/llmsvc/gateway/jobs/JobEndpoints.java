package io.llmsvc.gateway.jobs;

import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.agents.Caller;
import io.llmsvc.api.jobs.JobInfo;
import io.llmsvc.api.jobs.JobQuery;
import io.llmsvc.api.jobs.JobState;
import io.llmsvc.api.jobs.JobsApi;
import io.llmsvc.gateway.agents.Agents;
import io.llmsvc.gateway.auth.Principal;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import io.llmsvc.runtime.web.StrictJson;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The job queue's public API. Users see their own jobs; admins add {@code ?all=true} to see everyone's. A job of
 * someone else answers 404. Jobs are submitted by the features that own them (e.g. {@code POST /api/files/archive}),
 * never through a generic endpoint.
 */
@RestController
@ConditionalOnTarget(Target.GATEWAY)
class JobEndpoints {
    static final String PATH = "/api/jobs";
    static final Duration EVENT_POLL = Duration.ofMillis(400);
    static final Duration EVENT_KEEPALIVE = Duration.ofSeconds(15);
    static final Duration EVENT_MAX = Duration.ofHours(1);

    private final JobsApi jobs;

    JobEndpoints(JobsApi jobs) {
        this.jobs = jobs;
    }

    static Caller caller(HttpServletRequest req) {
        return Agents.callerOf(Principal.of(req));
    }

    @GetMapping(PATH)
    Map<String, Object> list(@RequestParam(required = false) String all, @RequestParam(required = false) String state,
                             @RequestParam(required = false) String type, @RequestParam(required = false) String limit,
                             HttpServletRequest req) {
        Caller c = caller(req);
        boolean everyone = flag("all", all);
        if (everyone && !c.isAdmin()) throw new LlmsvcException(io.llmsvc.api.ErrorCode.FORBIDDEN, "all=true is for admins");
        JobState s = null;
        if (state != null && !state.isBlank()) {
            try {
                s = JobState.parse(state);
            } catch (IllegalArgumentException e) {
                throw LlmsvcException.invalid("state", "state must be queued, running, succeeded, failed or cancelled");
            }
        }
        int n = limit(limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("object", "list");
        out.put("data", jobs.listJobs(c, new JobQuery(type == null || type.isBlank() ? null : type.strip(), s, everyone, n)));
        return out;
    }

    @GetMapping(PATH + "/recurring")
    Map<String, Object> recurring(HttpServletRequest req) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("object", "list");
        out.put("data", jobs.listRecurring(caller(req)));
        return out;
    }

    @GetMapping(PATH + "/{id}")
    JobInfo get(@PathVariable String id, HttpServletRequest req) {
        return jobs.getJob(caller(req), id);
    }

    @PostMapping(PATH + "/{id}/cancel")
    JobInfo cancel(@PathVariable String id, HttpServletRequest req) {
        return jobs.cancelJob(caller(req), id);
    }

    /**
     * Server-sent events: {@code event: job} with the job whenever it changes (first at once), {@code event: end}
     * after it finished. The queue is in the database, so this follows jobs run by any process.
     */
    @GetMapping(PATH + "/{id}/events")
    void events(@PathVariable String id, HttpServletRequest req, HttpServletResponse res) throws IOException, InterruptedException {
        Caller c = caller(req);
        JobInfo job = jobs.getJob(c, id); // 404 before the stream starts
        res.setContentType("text/event-stream");
        res.setCharacterEncoding("UTF-8");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        OutputStream out = res.getOutputStream();
        long end = System.nanoTime() + EVENT_MAX.toNanos();
        long lastSent = System.nanoTime();
        JobInfo sent = null;
        try {
            while (System.nanoTime() < end) {
                if (!same(job, sent)) {
                    write(out, "job", StrictJson.MAPPER.writeValueAsString(job));
                    sent = job;
                    lastSent = System.nanoTime();
                } else if (System.nanoTime() - lastSent > EVENT_KEEPALIVE.toNanos()) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    lastSent = System.nanoTime();
                }
                if (job.state().finished()) {
                    write(out, "end", "{\"state\":\"" + job.state().wire() + "\"}");
                    return;
                }
                Thread.sleep(EVENT_POLL.toMillis());
                job = jobs.getJob(c, id);
            }
        } catch (IOException clientGone) {
            // the browser closed the stream
        } catch (LlmsvcException gone) {
            // the job was removed while followed
            write(out, "end", "{\"state\":\"gone\"}");
        }
    }

    private static boolean same(JobInfo a, JobInfo b) {
        return b != null && a.state() == b.state() && a.progress() == b.progress()
                && Objects.equals(a.progressMessage(), b.progressMessage()) && a.attempts() == b.attempts()
                && Objects.equals(a.error(), b.error()) && Objects.equals(a.updatedAt(), b.updatedAt());
    }

    private static void write(OutputStream out, String event, String data) throws IOException {
        out.write(("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static boolean flag(String name, String v) {
        if (v == null || v.isBlank() || v.equals("false")) return false;
        if (v.equals("true")) return true;
        throw LlmsvcException.invalid(name, name + " must be true or false");
    }

    static int limit(String v) {
        if (v == null || v.isBlank()) return 100;
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= 1 && n <= JobQuery.MAX_LIMIT) return n;
        } catch (NumberFormatException ignored) {
            // below
        }
        throw LlmsvcException.invalid("limit", "limit must be a whole number from 1 to " + JobQuery.MAX_LIMIT);
    }
}
