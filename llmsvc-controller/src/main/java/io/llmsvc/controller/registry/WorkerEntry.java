package io.llmsvc.controller.registry;

import io.llmsvc.api.controller.WorkerRegistration;
import io.llmsvc.api.worker.ModelCard;
import io.llmsvc.controller.dispatch.Candidate;
import java.util.List;

/** One registered worker and what the controller knows of it. Mutable; guarded by the registry's lock. */
final class WorkerEntry implements Candidate {
    final String id;
    final String address;
    final List<ModelCard> models;
    final int slots;

    long lastSeenMillis;
    int queueLength;
    int activeRequests;
    double tokensPerSecond;
    int leasesSinceHeartbeat;

    int consecutiveFailures;
    long lastFailureMillis;
    /** Dispatch skips the worker until then; not cooling down when in the past. */
    long cooldownUntilMillis;
    /** Length of the last cooldown: also how long it must stay quiet afterwards before its failures are forgiven. */
    long lastCooldownMillis;
    boolean expiryLogged;

    WorkerEntry(WorkerRegistration r, long nowMillis) {
        this.id = r.workerId();
        this.address = r.address();
        this.models = List.copyOf(r.models());
        this.slots = r.slots();
        this.lastSeenMillis = nowMillis;
    }

    @Override
    public int slots() { return slots; }

    @Override
    public int load() {
        long sum = (long) queueLength + activeRequests + leasesSinceHeartbeat;
        return (int) Math.min(Integer.MAX_VALUE, sum);
    }

    @Override
    public double tokensPerSecond() { return tokensPerSecond; }

    ModelCard card(String modelId) {
        for (ModelCard m : models) if (m.id().equals(modelId)) return m;
        return null;
    }
}
