package io.llmsvc.api.jobs;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a job is: {@code queued → running → succeeded | failed | cancelled}. A job that fails for a transient
 * reason goes back to {@code queued} (with its reason and the time of the next attempt) until its attempts run out.
 */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    @JsonValue
    public String wire() { return name().toLowerCase(java.util.Locale.ROOT); }

    public static JobState parse(String s) { return valueOf(s.strip().toUpperCase(java.util.Locale.ROOT)); }

    public boolean finished() { return this == SUCCEEDED || this == FAILED || this == CANCELLED; }
}
