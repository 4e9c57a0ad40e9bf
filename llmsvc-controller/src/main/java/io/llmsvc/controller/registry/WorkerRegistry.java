package io.llmsvc.controller.registry;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.controller.HeartbeatAck;
import io.llmsvc.api.controller.LeaseRequest;
import io.llmsvc.api.controller.WorkerHeartbeat;
import io.llmsvc.api.controller.WorkerLease;
import io.llmsvc.api.controller.WorkerRegistration;
import io.llmsvc.api.controller.WorkerState;
import io.llmsvc.api.worker.ModelCard;
import io.llmsvc.controller.ControllerProperties;
import io.llmsvc.controller.dispatch.Candidate;
import io.llmsvc.controller.dispatch.DispatchPolicy;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers the controller knows, their load and health, and the per-request choice among them.
 *
 * <p>Lifecycle of a worker: {@code ready} after registering; {@code cooldown} after {@code failures-to-cooldown}
 * consecutive failure reports, for {@code cooldown} doubling per further failure up to {@code max-cooldown} (reports
 * that arrive while it already cools down belong to the same incident and do not escalate); {@code ready} again as
 * soon as the cooldown has passed. Its consecutive failures are forgiven by the first heartbeat after it stayed
 * quiet (no failure, no cooldown) for as long as its last cooldown lasted, or for {@code cooldown} when it has not
 * cooled down yet — a heartbeat alone proves the process is up, not that it serves, so a worker that fails again
 * right after its cooldown escalates. A worker silent for {@code worker-expiry} is {@code expired}: never leased,
 * its heartbeats are answered "unknown" so that it registers again, and it is dropped after 5 × the expiry.
 *
 * <p>Thread-safe: one lock guards everything; every operation under it is O(workers of the model) or, for
 * registration, listing and the sweep, O(workers). Leasing allocates only the returned lease. Registrations are
 * expected to be validated already ({@link io.llmsvc.controller.LocalController} checks them).
 */
public final class WorkerRegistry {
    private static final Logger log = LoggerFactory.getLogger(WorkerRegistry.class);
    private static final int MAX_LISTED_MODELS = 20;
    private static final WorkerEntry[] NONE = new WorkerEntry[0];

    private final ControllerProperties props;
    private final DispatchPolicy policy;
    private final InstantSource clock;
    private final long expiryMillis;
    private final long retentionMillis;

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, WorkerEntry> byId = new HashMap<>();
    private final Map<String, ModelGroup> byModel = new HashMap<>();
    /** Reused by every lease (under the lock) so that picking a worker allocates nothing. */
    private Candidate[] scratch = new Candidate[8];

    /** The workers serving one model; the array is replaced, never changed, when membership changes. */
    private static final class ModelGroup {
        WorkerEntry[] workers = NONE;
        long turn;
    }

    public WorkerRegistry(ControllerProperties props, DispatchPolicy policy, InstantSource clock) {
        this.props = props;
        this.policy = policy;
        this.clock = clock;
        this.expiryMillis = props.workerExpiry().toMillis();
        this.retentionMillis = props.expiredRetention().toMillis();
    }

    public DispatchPolicy policy() { return policy; }

    /** Adds a worker; replaces an entry with the same id, and one with the same address (a restart with a new id). */
    public void register(WorkerRegistration r) {
        lock.lock();
        try {
            long now = clock.millis();
            WorkerEntry old = byId.remove(r.workerId());
            if (old != null) leaveGroups(old);
            for (Iterator<WorkerEntry> it = byId.values().iterator(); it.hasNext(); ) {
                WorkerEntry other = it.next();
                if (other.address.equals(r.address())) {
                    it.remove();
                    leaveGroups(other);
                    log.info("worker {} replaced by {} at {}", other.id, r.workerId(), r.address());
                }
            }
            WorkerEntry e = new WorkerEntry(r, now);
            byId.put(e.id, e);
            joinGroups(e);
        } finally {
            lock.unlock();
        }
        log.info("worker {} registered at {} with {} slot(s), models {}", r.workerId(), r.address(), r.slots(),
                r.models().stream().map(ModelCard::id).toList());
    }

    /** Records a load report; {@code known=false} when the worker is unknown or expired and must register again. */
    public HeartbeatAck heartbeat(WorkerHeartbeat hb) {
        lock.lock();
        try {
            long now = clock.millis();
            WorkerEntry e = byId.get(hb.workerId());
            if (e == null || expired(e, now)) return new HeartbeatAck(false);
            e.lastSeenMillis = now;
            e.queueLength = hb.queueLength();
            e.activeRequests = hb.activeRequests();
            e.tokensPerSecond = hb.tokensPerSecond();
            e.leasesSinceHeartbeat = 0;
            if (e.consecutiveFailures > 0) {
                long quietSince = Math.max(e.lastFailureMillis, e.cooldownUntilMillis);
                long quietNeeded = e.lastCooldownMillis > 0 ? e.lastCooldownMillis : props.cooldown().toMillis();
                if (now >= e.cooldownUntilMillis && now - quietSince >= quietNeeded) {
                    e.consecutiveFailures = 0;
                    e.lastCooldownMillis = 0;
                }
            }
            return new HeartbeatAck(true);
        } finally {
            lock.unlock();
        }
    }

    /** Forgets a worker; unknown ids are ignored (unregistering twice is harmless). */
    public void unregister(String workerId) {
        boolean removed;
        lock.lock();
        try {
            WorkerEntry e = byId.remove(workerId);
            removed = e != null;
            if (removed) leaveGroups(e);
        } finally {
            lock.unlock();
        }
        if (removed) log.info("worker {} unregistered", workerId);
    }

    /**
     * Picks a worker for the model with the dispatch policy among live workers that are neither excluded nor cooling
     * down, and counts the lease against its load until its next heartbeat.
     *
     * @throws LlmsvcException {@code MODEL_NOT_FOUND} when no live worker serves the model, {@code NO_WORKER} when
     *                         every one that does is excluded or cooling down
     */
    public WorkerLease lease(LeaseRequest request) {
        String model = request.model();
        Set<String> exclude = request.exclude() == null ? Set.of() : request.exclude();
        lock.lock();
        try {
            long now = clock.millis();
            ModelGroup group = byModel.get(model);
            WorkerEntry[] workers = group == null ? NONE : group.workers;
            if (scratch.length < workers.length) scratch = new Candidate[Math.max(workers.length, scratch.length * 2)];
            int live = 0;
            int n = 0;
            for (WorkerEntry e : workers) {
                if (expired(e, now)) continue;
                live++;
                if (e.cooldownUntilMillis > now || (!exclude.isEmpty() && exclude.contains(e.id))) continue;
                scratch[n++] = e;
            }
            if (live == 0) throw modelNotFound(model, now);
            if (n == 0) {
                throw new LlmsvcException(ErrorCode.NO_WORKER, "no worker for model '" + model + "' can take the request now: "
                        + (live == 1 ? "its only worker is" : "all " + live + " of its workers are")
                        + " cooling down after failures or already failed this request; retry shortly");
            }
            WorkerEntry chosen = (WorkerEntry) scratch[policy.choose(scratch, n, group.turn++)];
            Arrays.fill(scratch, 0, n, null);
            chosen.leasesSinceHeartbeat++;
            return new WorkerLease(chosen.id, chosen.address, model);
        } finally {
            lock.unlock();
        }
    }

    /** A caller failed to use a worker; starts or escalates its cooldown. Unknown ids are ignored. */
    public void reportFailure(String workerId, String reason) {
        long cooldown = 0;
        int failures;
        lock.lock();
        try {
            long now = clock.millis();
            WorkerEntry e = byId.get(workerId);
            if (e == null) {
                log.debug("failure reported for unknown worker {}: {}", workerId, reason);
                return;
            }
            if (e.cooldownUntilMillis > now) return; // same incident as the failure that started the cooldown
            failures = ++e.consecutiveFailures;
            e.lastFailureMillis = now;
            int beyond = failures - props.failuresToCooldown();
            if (beyond >= 0) {
                long base = props.cooldown().toMillis();
                long max = props.maxCooldown().toMillis();
                cooldown = beyond >= 30 || base << beyond > max ? max : base << beyond;
                e.cooldownUntilMillis = now + cooldown;
                e.lastCooldownMillis = cooldown;
            }
        } finally {
            lock.unlock();
        }
        if (cooldown > 0) {
            log.warn("worker {} cools down for {} ms after {} consecutive failure(s): {}", workerId, cooldown, failures, reason);
        } else {
            log.info("worker {} failed ({} consecutive): {}", workerId, failures, reason);
        }
    }

    /** One card per model id served by a live worker, sorted by id; see {@link ModelCards#merge}. */
    public List<ModelCard> models() {
        lock.lock();
        try {
            long now = clock.millis();
            TreeMap<String, List<ModelCard>> cards = new TreeMap<>();
            for (var g : byModel.entrySet()) {
                for (WorkerEntry e : g.getValue().workers) {
                    if (expired(e, now)) continue;
                    cards.computeIfAbsent(g.getKey(), k -> new ArrayList<>()).add(e.card(g.getKey()));
                }
            }
            List<ModelCard> out = new ArrayList<>(cards.size());
            for (List<ModelCard> same : cards.values()) out.add(ModelCards.merge(same));
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Every known worker, expired ones included until they are dropped, sorted by id. */
    public List<WorkerState> workers() {
        lock.lock();
        try {
            long now = clock.millis();
            List<WorkerState> out = new ArrayList<>(byId.size());
            for (WorkerEntry e : byId.values()) {
                String state = expired(e, now) ? "expired" : e.cooldownUntilMillis > now ? "cooldown" : "ready";
                out.add(new WorkerState(e.id, e.address, e.models, e.slots, state, e.queueLength, e.activeRequests,
                        e.tokensPerSecond, Instant.ofEpochMilli(e.lastSeenMillis), e.consecutiveFailures));
            }
            out.sort((a, b) -> a.workerId().compareTo(b.workerId()));
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Logs workers that expired since the last sweep and drops those expired for longer than the retention. Leasing
     * checks expiry itself, so the sweep only keeps the listing and the logs current.
     */
    public void sweep() {
        List<String> newlyExpired = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        lock.lock();
        try {
            long now = clock.millis();
            for (Iterator<WorkerEntry> it = byId.values().iterator(); it.hasNext(); ) {
                WorkerEntry e = it.next();
                if (now - e.lastSeenMillis >= retentionMillis) {
                    it.remove();
                    leaveGroups(e);
                    dropped.add(e.id);
                } else if (expired(e, now) && !e.expiryLogged) {
                    e.expiryLogged = true;
                    newlyExpired.add(e.id);
                }
            }
        } finally {
            lock.unlock();
        }
        for (String id : newlyExpired) log.warn("worker {} expired: no heartbeat for {}", id, props.workerExpiry());
        for (String id : dropped) log.info("worker {} dropped after {} without heartbeat", id, props.expiredRetention());
    }

    private boolean expired(WorkerEntry e, long now) {
        return now - e.lastSeenMillis >= expiryMillis;
    }

    private LlmsvcException modelNotFound(String model, long now) {
        TreeSet<String> available = new TreeSet<>();
        for (var g : byModel.entrySet()) {
            for (WorkerEntry e : g.getValue().workers) {
                if (!expired(e, now)) {
                    available.add(g.getKey());
                    break;
                }
            }
        }
        String list;
        if (available.isEmpty()) {
            list = "no model is being served (no worker is registered)";
        } else {
            List<String> shown = available.stream().limit(MAX_LISTED_MODELS).toList();
            list = "available: " + String.join(", ", shown)
                    + (available.size() > shown.size() ? " and " + (available.size() - shown.size()) + " more" : "");
        }
        return new LlmsvcException(ErrorCode.MODEL_NOT_FOUND, "model '" + model + "' is not served by any worker; " + list, "model");
    }

    private void joinGroups(WorkerEntry e) {
        for (ModelCard m : e.models) {
            ModelGroup g = byModel.computeIfAbsent(m.id(), k -> new ModelGroup());
            if (Arrays.asList(g.workers).contains(e)) continue; // a model listed twice by one worker
            WorkerEntry[] next = Arrays.copyOf(g.workers, g.workers.length + 1);
            next[next.length - 1] = e;
            g.workers = next;
        }
    }

    private void leaveGroups(WorkerEntry e) {
        for (ModelCard m : e.models) {
            ModelGroup g = byModel.get(m.id());
            if (g == null) continue;
            WorkerEntry[] next = Arrays.stream(g.workers).filter(w -> w != e).toArray(WorkerEntry[]::new);
            if (next.length == 0) byModel.remove(m.id());
            else g.workers = next;
        }
    }
}
