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

    public static final String ROUTER_ANALYZE = "/internal/router/analyze";
    public static final String ROUTER_ROUTE = "/internal/router/route";
    public static final String ROUTER_INTENTS = "/internal/router/intents";

    /**
     * {@code GET}: the caller's documents; {@code POST}: an upload as an {@code application/octet-stream} body with
     * the metadata in the query ({@code file_name}, {@code content_type}, {@code visibility}, {@code title},
     * {@code size}). Below it: {@code /{id}} (GET, DELETE), {@code /{id}/visibility} (POST),
     * {@code /{id}/chunks/{chunkId}} (GET).
     */
    public static final String DOCUMENTS = "/internal/documents/documents";
    public static final String DOCUMENTS_URLS = "/internal/documents/urls";
    public static final String DOCUMENTS_SEARCH = "/internal/documents/search";
    public static final String DOCUMENTS_ANSWER = "/internal/documents/answer";
    /** A streamed answer: one JSON {@code AnswerEvent} per line ({@link #NDJSON}). */
    public static final String DOCUMENTS_ANSWER_STREAM = "/internal/documents/answer/stream";
    public static final String DOCUMENTS_EMBED = "/internal/documents/embed";

    /** Content type of event streams: one JSON {@code GenerationEvent} (or {@code AnswerEvent}) per line. */
    public static final String NDJSON = "application/x-ndjson";

    private InternalPaths() {}
}
