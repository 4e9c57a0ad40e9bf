package io.llmsvc.controller.web;

import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.controller.LeaseRequest;
import io.llmsvc.api.controller.WorkerHeartbeat;
import io.llmsvc.api.controller.WorkerRegistration;
import io.llmsvc.controller.LocalController;
import io.llmsvc.runtime.internal.InternalJson;
import io.llmsvc.runtime.internal.InternalPaths;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The controller's internal HTTP API ({@link io.llmsvc.runtime.peers.ControllerHttpClient} is its client). The
 * cluster credential is checked before these run ({@code InternalAuthFilter}); bodies are read and written with
 * {@link InternalJson} so both ends share one JSON dialect, and every error becomes an {@code InternalError} body.
 */
@RestController
@ConditionalOnTarget(Target.CONTROLLER)
class ControllerEndpoints {
    private final LocalController controller;

    ControllerEndpoints(LocalController controller) {
        this.controller = controller;
    }

    /** Body of {@code POST /internal/controller/workers/{id}/failures}. */
    record FailureReport(String reason) {}

    @PostMapping(InternalPaths.CONTROLLER_WORKERS)
    ResponseEntity<Void> register(@RequestBody(required = false) byte[] body) {
        controller.registerWorker(InternalJson.readBody(body, WorkerRegistration.class));
        return ResponseEntity.noContent().build();
    }

    @PostMapping(InternalPaths.CONTROLLER_HEARTBEAT)
    ResponseEntity<byte[]> heartbeat(@RequestBody(required = false) byte[] body) {
        return json(controller.receiveHeartbeat(InternalJson.readBody(body, WorkerHeartbeat.class)));
    }

    @DeleteMapping(InternalPaths.CONTROLLER_WORKERS + "/{workerId}")
    ResponseEntity<Void> unregister(@PathVariable String workerId) {
        controller.unregisterWorker(workerId);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(InternalPaths.CONTROLLER_LEASE)
    ResponseEntity<byte[]> lease(@RequestBody(required = false) byte[] body) {
        return json(controller.leaseWorker(InternalJson.readBody(body, LeaseRequest.class)));
    }

    @PostMapping(InternalPaths.CONTROLLER_WORKERS + "/{workerId}/failures")
    ResponseEntity<Void> failure(@PathVariable String workerId, @RequestBody(required = false) byte[] body) {
        FailureReport report = body == null || body.length == 0 ? new FailureReport(null) : InternalJson.readBody(body, FailureReport.class);
        controller.reportWorkerFailure(workerId, report.reason());
        return ResponseEntity.noContent().build();
    }

    @GetMapping(InternalPaths.CONTROLLER_MODELS)
    ResponseEntity<byte[]> models() {
        return json(controller.listModels());
    }

    @GetMapping(InternalPaths.CONTROLLER_WORKERS)
    ResponseEntity<byte[]> workers() {
        return json(controller.listWorkers());
    }

    private static ResponseEntity<byte[]> json(Object value) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(InternalJson.MAPPER.writeValueAsBytes(value));
    }
}
