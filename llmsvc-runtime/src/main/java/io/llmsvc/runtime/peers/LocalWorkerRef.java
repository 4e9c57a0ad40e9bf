package io.llmsvc.runtime.peers;

import io.llmsvc.api.worker.WorkerApi;

/** The worker running in this process, published by the worker target so the gateway can skip HTTP. */
public record LocalWorkerRef(String workerId, WorkerApi worker) {}
