package io.llmsvc.controller;

import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.controller.ControllerApi;
import io.llmsvc.api.controller.HeartbeatAck;
import io.llmsvc.api.controller.LeaseRequest;
import io.llmsvc.api.controller.WorkerHeartbeat;
import io.llmsvc.api.controller.WorkerLease;
import io.llmsvc.api.controller.WorkerRegistration;
import io.llmsvc.api.controller.WorkerState;
import io.llmsvc.api.worker.ModelCard;
import io.llmsvc.controller.registry.WorkerRegistry;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * The controller in this process: checks every call's arguments ({@code INVALID_REQUEST} naming the field) and
 * hands it to the {@link WorkerRegistry}. The gateway uses this bean directly when the controller runs in its
 * process; {@code ControllerEndpoints} exposes the same calls over HTTP.
 */
public final class LocalController implements ControllerApi {
    static final int MAX_ID_LENGTH = 200;
    static final int MAX_REASON_LENGTH = 300;
    private static final java.util.regex.Pattern WORKER_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._:@-]+");

    private final WorkerRegistry registry;

    public LocalController(WorkerRegistry registry) {
        this.registry = registry;
    }

    /** Registers the worker; its address is stored without a trailing slash. */
    @Override
    public void registerWorker(WorkerRegistration r) {
        if (r == null) throw LlmsvcException.invalid(null, "the worker registration is missing");
        checkWorkerId(r.workerId());
        String address = checkAddress(r.address());
        List<ModelCard> models = r.models();
        if (models == null || models.isEmpty()) throw LlmsvcException.invalid("models", "'models' must list at least one model");
        for (int i = 0; i < models.size(); i++) {
            ModelCard m = models.get(i);
            if (m == null) throw LlmsvcException.invalid("models[" + i + "]", "'models[" + i + "]' must be a model card");
            checkId("models[" + i + "].id", m.id());
        }
        if (r.slots() < 1) throw LlmsvcException.invalid("slots", "'slots' must be at least 1");
        registry.register(new WorkerRegistration(r.workerId(), address, models, r.slots()));
    }

    @Override
    public HeartbeatAck receiveHeartbeat(WorkerHeartbeat hb) {
        if (hb == null) throw LlmsvcException.invalid(null, "the heartbeat is missing");
        checkWorkerId(hb.workerId());
        if (hb.queueLength() < 0) throw LlmsvcException.invalid("queue_length", "'queue_length' must be 0 or more");
        if (hb.activeRequests() < 0) throw LlmsvcException.invalid("active_requests", "'active_requests' must be 0 or more");
        double tps = hb.tokensPerSecond();
        if (!(tps >= 0) || Double.isInfinite(tps)) {
            throw LlmsvcException.invalid("tokens_per_second", "'tokens_per_second' must be a finite number, 0 or more");
        }
        return registry.heartbeat(hb);
    }

    @Override
    public void unregisterWorker(String workerId) {
        checkWorkerId(workerId);
        registry.unregister(workerId);
    }

    @Override
    public WorkerLease leaseWorker(LeaseRequest request) {
        if (request == null) throw LlmsvcException.invalid(null, "the lease request is missing");
        if (request.model() == null || request.model().isBlank()) throw LlmsvcException.invalid("model", "'model' must name a model");
        return registry.lease(request);
    }

    /** Reasons are shortened and stripped of control characters: they end up in the log. */
    @Override
    public void reportWorkerFailure(String workerId, String reason) {
        checkWorkerId(workerId);
        registry.reportFailure(workerId, cleanReason(reason));
    }

    @Override
    public List<ModelCard> listModels() {
        return registry.models();
    }

    @Override
    public List<WorkerState> listWorkers() {
        return registry.workers();
    }

    /** Worker ids travel in URL paths, so they keep to characters that need no escaping there. */
    static void checkWorkerId(String id) {
        checkId("worker_id", id);
        if (!WORKER_ID.matcher(id).matches()) {
            throw LlmsvcException.invalid("worker_id", "'worker_id' may contain only letters, digits and . _ - : @");
        }
    }

    static void checkId(String field, String value) {
        if (value == null || value.isBlank()) throw LlmsvcException.invalid(field, "'" + field + "' must not be blank");
        if (value.length() > MAX_ID_LENGTH) {
            throw LlmsvcException.invalid(field, "'" + field + "' must be at most " + MAX_ID_LENGTH + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw LlmsvcException.invalid(field, "'" + field + "' must not contain control characters");
        }
    }

    static String checkAddress(String address) {
        String expected = "'address' must be the worker's http:// or https:// base URL, such as http://10.0.0.5:8081";
        if (address == null || address.isBlank()) throw LlmsvcException.invalid("address", expected);
        URI uri;
        try {
            uri = new URI(address.strip());
        } catch (URISyntaxException e) {
            throw LlmsvcException.invalid("address", expected);
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw LlmsvcException.invalid("address", expected);
        }
        String s = uri.toString();
        while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
        return s;
    }

    static String cleanReason(String reason) {
        if (reason == null || reason.isBlank()) return "no reason given";
        StringBuilder sb = new StringBuilder(Math.min(reason.length(), MAX_REASON_LENGTH));
        for (int i = 0; i < reason.length() && sb.length() < MAX_REASON_LENGTH; i++) {
            char c = reason.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        return sb.toString().strip();
    }
}
