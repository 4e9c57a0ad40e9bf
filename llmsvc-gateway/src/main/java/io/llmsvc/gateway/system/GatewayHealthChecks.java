package io.llmsvc.gateway.system;

import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.controller.ControllerApi;
import io.llmsvc.api.controller.WorkerState;
import io.llmsvc.runtime.health.HealthCheck;
import io.llmsvc.runtime.health.HealthReport;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The gateway's view of every target: the controller (reachable or not) and each worker it knows, with state and
 * last heartbeat. DOWN when the controller is unreachable or workers are registered but none is ready (all expired
 * or cooling down); having no model (so no registered worker) is not unhealthy: the system runs and says how to add
 * one.
 */
@Component
@ConditionalOnTarget(Target.GATEWAY)
class GatewayHealthChecks implements HealthCheck {
    private final ControllerApi controller;

    GatewayHealthChecks(ControllerApi controller) {
        this.controller = controller;
    }

    @Override
    public String name() { return "cluster"; }

    @Override
    public HealthReport check() {
        List<WorkerState> workers;
        try {
            workers = controller.listWorkers();
        } catch (LlmsvcException e) {
            return HealthReport.down(Map.of("controller", "unreachable: " + e.getMessage()));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("controller", "UP");
        Map<String, Object> ws = new LinkedHashMap<>();
        for (WorkerState w : workers) {
            ws.put(w.workerId(), Map.of("state", w.state(), "address", w.address(),
                    "last_heartbeat", String.valueOf(w.lastHeartbeat()), "queue_length", w.queueLength(),
                    "models", w.models().stream().map(m -> m.id()).toList()));
        }
        details.put("workers", ws);
        // nothing can be served without a live worker: say so, so a load balancer stops sending chat traffic here
        // a worker without models does not register: none at all is a start without a model, which is not unhealthy
        if (workers.isEmpty()) {
            details.put("hint", "no worker is registered yet (a worker with no model does not register)");
            return HealthReport.up(details);
        }
        if (workers.stream().noneMatch(w -> "ready".equals(w.state()))) {
            details.put("hint", "no live worker: every registered worker is expired or cooling down after failures");
            return HealthReport.down(details);
        }
        return HealthReport.up(details);
    }
}
