package io.llmsvc.api.jobs;

/**
 * The arguments of one job type: a record whose components are the job's typed inputs. Each record class belongs
 * to exactly one job type (its handler declares it), so {@link JobsApi#submitJob} knows the type from the record.
 * The record is stored as JSON with the job; a field renamed or removed in a later version makes the stored job
 * fail with a clear reason instead of running with wrong inputs.
 */
public interface JobArgs {
}
