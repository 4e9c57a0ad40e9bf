package io.llmsvc.runtime.target;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The roles one process can run. {@code all} runs every role in one process on embedded stores; any other list
 * splits them over processes that find each other through {@code llmsvc.peers.*}.
 */
public enum Target {
    CONTROLLER("controller", "registry of model workers, heartbeats, dispatch policy", List.of()),
    WORKER("worker", "runs models: in-process llama.cpp runners or an OpenAI-compatible upstream", List.of("controller")),
    ROUTER("router", "intent router agent: intent analysis with confidence, routing decision", List.of("controller", "worker")),
    DOCUMENTS("documents", "document agent: ingestion, chunking, embeddings, hybrid search, rerank, cited answers", List.of("controller", "worker")),
    JOBS("jobs", "job workers: run queued and recurring jobs (reports, résumés, summaries, training) from the database queue", List.of("controller", "worker")),
    GATEWAY("gateway", "public HTTP entry: /v1 OpenAI API, /api/v1/chat, users, keys, agents' public APIs, jobs, files, web UI", List.of("controller", "worker", "router", "documents")),
    ALL("all", "every target in one process", List.of("gateway", "controller", "worker", "router", "documents", "jobs"));

    private final String id;
    private final String description;
    private final List<String> dependsOn;

    Target(String id, String description, List<String> dependsOn) {
        this.id = id;
        this.description = description;
        this.dependsOn = dependsOn;
    }

    public String id() { return id; }

    public String description() { return description; }

    /** Targets this one calls (in process when they run here, else over HTTP through {@code llmsvc.peers}). */
    public List<String> dependsOn() { return dependsOn; }

    public static Target parse(String s) {
        String v = s.strip().toLowerCase(java.util.Locale.ROOT);
        for (Target t : values()) if (t.id.equals(v)) return t;
        throw new IllegalArgumentException("unknown target '" + s.strip() + "' (expected one of all, gateway, controller, worker, router, documents, jobs)");
    }

    /** Parses a comma list and expands {@code all}. */
    public static Set<Target> parseList(String list) {
        EnumSet<Target> set = EnumSet.noneOf(Target.class);
        if (list == null || list.isBlank()) list = "all";
        for (String part : list.split(",")) {
            if (part.isBlank()) continue;
            Target t = parse(part);
            if (t == ALL) set.addAll(EnumSet.complementOf(EnumSet.of(ALL)));
            else set.add(t);
        }
        if (set.isEmpty()) throw new IllegalArgumentException("no target given");
        return set;
    }

    /** The printable graph for {@code --list-targets}. */
    public static String graph() {
        StringBuilder sb = new StringBuilder();
        for (Target t : values()) {
            sb.append(String.format("%-11s %s%n", t.id, t.description));
            if (!t.dependsOn.isEmpty()) sb.append(String.format("%-11s   -> %s%n", "", String.join(", ", t.dependsOn)));
        }
        return sb.toString();
    }
}
