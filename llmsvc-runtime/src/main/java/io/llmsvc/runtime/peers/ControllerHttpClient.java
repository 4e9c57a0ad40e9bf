package io.llmsvc.runtime.peers;

import io.llmsvc.api.controller.ControllerApi;
import io.llmsvc.api.controller.HeartbeatAck;
import io.llmsvc.api.controller.LeaseRequest;
import io.llmsvc.api.controller.WorkerHeartbeat;
import io.llmsvc.api.controller.WorkerLease;
import io.llmsvc.api.controller.WorkerRegistration;
import io.llmsvc.api.controller.WorkerState;
import io.llmsvc.api.worker.ModelCard;
import io.llmsvc.runtime.internal.InternalHttp;
import io.llmsvc.runtime.internal.InternalPaths;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** {@link ControllerApi} over HTTP, for targets that run in another process than the controller. */
public final class ControllerHttpClient implements ControllerApi {
    private final InternalHttp http;

    public ControllerHttpClient(InternalHttp http) {
        this.http = http;
    }

    @Override
    public void registerWorker(WorkerRegistration registration) {
        http.post(InternalPaths.CONTROLLER_WORKERS, registration, Void.class);
    }

    @Override
    public HeartbeatAck receiveHeartbeat(WorkerHeartbeat heartbeat) {
        return http.post(InternalPaths.CONTROLLER_HEARTBEAT, heartbeat, HeartbeatAck.class);
    }

    @Override
    public void unregisterWorker(String workerId) {
        http.delete(InternalPaths.CONTROLLER_WORKERS + "/" + enc(workerId));
    }

    @Override
    public WorkerLease leaseWorker(LeaseRequest request) {
        return http.post(InternalPaths.CONTROLLER_LEASE, request, WorkerLease.class);
    }

    @Override
    public void reportWorkerFailure(String workerId, String reason) {
        // singletonMap: the reason may be null (Map.of would throw)
        http.post(InternalPaths.CONTROLLER_WORKERS + "/" + enc(workerId) + "/failures",
                Collections.singletonMap("reason", reason), Void.class);
    }

    @Override
    public List<ModelCard> listModels() {
        return Arrays.asList(http.get(InternalPaths.CONTROLLER_MODELS, ModelCard[].class));
    }

    @Override
    public List<WorkerState> listWorkers() {
        return Arrays.asList(http.get(InternalPaths.CONTROLLER_WORKERS, WorkerState[].class));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
