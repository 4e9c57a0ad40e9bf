package io.llmsvc.runtime.dispatch;

import io.llmsvc.api.controller.WorkerLease;
import io.llmsvc.api.worker.WorkerApi;
import io.llmsvc.runtime.internal.ClusterCredential;
import io.llmsvc.runtime.internal.InternalHttp;
import io.llmsvc.runtime.peers.WorkerHttpClient;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves a lease to a {@link WorkerApi}: the worker bean itself when the lease names the worker of this process
 * (no HTTP, no JSON), else a cached HTTP client for the worker's address.
 */
final class WorkerClients {
    private final String localWorkerId;
    private final WorkerApi localWorker;
    private final ClusterCredential credential;
    private final ConcurrentHashMap<String, WorkerApi> remote = new ConcurrentHashMap<>();

    WorkerClients(String localWorkerId, WorkerApi localWorker, ClusterCredential credential) {
        this.localWorkerId = localWorkerId;
        this.localWorker = localWorker;
        this.credential = credential;
    }

    WorkerApi forLease(WorkerLease lease) {
        if (localWorker != null && lease.workerId().equals(localWorkerId)) return localWorker;
        return remote.computeIfAbsent(lease.address(),
                a -> new WorkerHttpClient(new InternalHttp(a, credential, Duration.ofSeconds(30))));
    }
}
