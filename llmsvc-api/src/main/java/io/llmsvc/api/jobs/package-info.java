/**
 * Contracts of the job queue: every feature that does slow work (reports, résumé parsing and generation, batch
 * summaries, training) submits it through {@link io.llmsvc.api.jobs.JobsApi} with a typed argument record
 * ({@link io.llmsvc.api.jobs.JobArgs}), never by posting JSON to itself. The queue lives in the application
 * database, so every process that has the database can submit; {@code jobs} targets run the work.
 */
package io.llmsvc.api.jobs;
