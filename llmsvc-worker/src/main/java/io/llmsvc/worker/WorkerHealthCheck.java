package io.llmsvc.worker;

import io.llmsvc.api.worker.ModelCard;
import io.llmsvc.api.worker.WorkerStatus;
import io.llmsvc.runtime.health.HealthCheck;
import io.llmsvc.runtime.health.HealthReport;
import io.llmsvc.worker.slot.LocalWorker;
import java.util.LinkedHashMap;
import java.util.Map;

/** The worker's part of {@code /health}: its models, queue and active generations. */
final class WorkerHealthCheck implements HealthCheck {
    private final LocalWorker worker;

    WorkerHealthCheck(LocalWorker worker) {
        this.worker = worker;
    }

    @Override
    public String name() { return "worker"; }

    @Override
    public HealthReport check() {
        WorkerStatus s = worker.status();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("worker_id", s.workerId());
        d.put("models", s.models().stream().map(ModelCard::id).toList());
        d.put("queue_length", s.queueLength());
        d.put("active_requests", s.activeRequests());
        d.put("slots", s.slots());
        return HealthReport.up(d);
    }
}
