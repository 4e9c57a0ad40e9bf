package io.llmsvc.api.jobs;

/**
 * Which jobs to list: for an admin with {@code allOwners} every owner's, otherwise the caller's own.
 *
 * @param type  only this type (null: any)
 * @param state only this state (null: any)
 * @param limit at most this many, newest first (1..500)
 */
public record JobQuery(String type, JobState state, boolean allOwners, int limit) {
    public static final int MAX_LIMIT = 500;

    public JobQuery {
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
    }

    public static JobQuery own(int limit) { return new JobQuery(null, null, false, limit); }
}
