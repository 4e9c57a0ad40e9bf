package io.llmsvc.runtime.internal;

/** Paths of the internal HTTP contracts; everything under {@code /internal} requires the cluster credential. */
public final class InternalPaths {
    public static final String PREFIX = "/internal/";

    public static final String CONTROLLER_WORKERS = "/internal/controller/workers";
    public static final String CONTROLLER_HEARTBEAT = "/internal/controller/heartbeat";
    public static final String CONTROLLER_LEASE = "/internal/controller/lease";
    public static final String CONTROLLER_MODELS = "/internal/controller/models";

    public static final String WORKER_GENERATE = "/internal/worker/generate";
    public static final String WORKER_EMBED = "/internal/worker/embed";
    public static final String WORKER_TOKENIZE = "/internal/worker/tokenize";
    public static final String WORKER_STATUS = "/internal/worker/status";

    /** Content type of generation event streams: one JSON {@code GenerationEvent} per line. */
    public static final String NDJSON = "application/x-ndjson";

    private InternalPaths() {}
}
