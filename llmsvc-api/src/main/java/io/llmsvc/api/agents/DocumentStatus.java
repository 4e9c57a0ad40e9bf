package io.llmsvc.api.agents;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a document is in ingestion: {@code queued → parsing → embedding → ready}, or {@code failed} with a reason. */
public enum DocumentStatus {
    QUEUED, PARSING, EMBEDDING, READY, FAILED;

    @JsonValue
    public String wire() { return name().toLowerCase(java.util.Locale.ROOT); }

    public static DocumentStatus parse(String s) { return valueOf(s.toUpperCase(java.util.Locale.ROOT)); }

    public boolean finished() { return this == READY || this == FAILED; }
}
