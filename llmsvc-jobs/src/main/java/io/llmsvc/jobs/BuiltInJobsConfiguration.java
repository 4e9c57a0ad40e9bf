package io.llmsvc.jobs;

import io.llmsvc.jobs.files.ArchiveFilesJob;
import io.llmsvc.jobs.maintenance.CleanupFilesJob;
import io.llmsvc.jobs.maintenance.PruneJobsJob;
import io.llmsvc.jobs.queue.JobStore;
import io.llmsvc.jobs.queue.JobsProperties;
import io.llmsvc.jobs.storage.FileStore;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The job types of this module: archives of files, and the queue's and the store's own upkeep. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnTarget({Target.GATEWAY, Target.DOCUMENTS, Target.JOBS})
public class BuiltInJobsConfiguration {

    @Bean
    ArchiveFilesJob archiveFilesJob(FileStore files) {
        return new ArchiveFilesJob(files);
    }

    @Bean
    PruneJobsJob pruneJobsJob(JobStore store, JobsProperties props) {
        return new PruneJobsJob(store, props, Clock.systemUTC());
    }

    @Bean
    CleanupFilesJob cleanupFilesJob(FileStore files) {
        return new CleanupFilesJob(files, Clock.systemUTC());
    }
}
