package io.llmsvc.jobs.files;

import io.llmsvc.api.jobs.JobArgs;
import java.util.List;

/**
 * Arguments of {@code files.archive}: which of the owner's files to put into one ZIP, and its name.
 *
 * @param fileIds 1..{@value ArchiveFilesJob#MAX_FILES} ids of ready files the owner may read
 * @param name    the archive's file name ({@code .zip} is added when missing)
 */
public record ArchiveFilesArgs(List<String> fileIds, String name) implements JobArgs {}
