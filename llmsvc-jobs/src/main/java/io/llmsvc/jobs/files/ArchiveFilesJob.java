package io.llmsvc.jobs.files;

import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.agents.Caller;
import io.llmsvc.api.files.FileInfo;
import io.llmsvc.api.jobs.JobResult;
import io.llmsvc.jobs.queue.JobContext;
import io.llmsvc.jobs.queue.JobHandler;
import io.llmsvc.jobs.queue.PermanentJobException;
import io.llmsvc.jobs.storage.FileNames;
import io.llmsvc.jobs.storage.FileStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * {@code files.archive}: puts several of the owner's files into one ZIP file, owned by the owner, as the job's
 * result. The ZIP is built in a temporary file (never in memory) and stored under an id derived from the job, so a
 * retried run replaces its own earlier result instead of adding a second one.
 */
public class ArchiveFilesJob implements JobHandler<ArchiveFilesArgs> {
    public static final String TYPE = "files.archive";
    static final int MAX_FILES = 1000;

    private final FileStore files;

    public ArchiveFilesJob(FileStore files) {
        this.files = files;
    }

    @Override
    public String type() { return TYPE; }

    @Override
    public Class<ArchiveFilesArgs> argsType() { return ArchiveFilesArgs.class; }

    @Override
    public void validate(ArchiveFilesArgs args, Caller owner) {
        if (args.fileIds() == null || args.fileIds().isEmpty() || args.fileIds().size() > MAX_FILES) {
            throw LlmsvcException.invalid("file_ids", "file_ids must list 1-" + MAX_FILES + " files");
        }
        for (String id : args.fileIds()) {
            FileInfo f = files.getFile(owner, id); // 404 for a file the owner may not read
            if (!"ready".equals(f.status())) throw LlmsvcException.invalid("file_ids", "file " + id + " has not been uploaded yet");
        }
    }

    @Override
    public JobResult run(ArchiveFilesArgs args, JobContext ctx) throws Exception {
        Caller owner = ctx.owner();
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(args.fileIds()));
        Path tmp = Files.createTempFile("llmsvc-archive", ".zip");
        try {
            long total = 0;
            try (OutputStream out = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
                Set<String> names = new HashSet<>();
                for (int i = 0; i < ids.size(); i++) {
                    ctx.progress((double) i / ids.size(), "adding " + (i + 1) + " of " + ids.size());
                    FileInfo f;
                    try {
                        f = files.getFile(owner, ids.get(i));
                    } catch (LlmsvcException e) {
                        throw new PermanentJobException("file " + ids.get(i) + " no longer exists");
                    }
                    zip.putNextEntry(new ZipEntry(unique(names, f.name())));
                    try (InputStream in = files.openFile(owner, f.id())) {
                        total += copy(in, zip, ctx);
                    }
                    zip.closeEntry();
                }
            }
            ctx.progress(0.99, "storing the archive");
            String name = FileNames.clean(args.name() == null || args.name().isBlank() ? "archive.zip" : args.name());
            if (!name.toLowerCase(java.util.Locale.ROOT).endsWith(".zip")) name += ".zip";
            String resultId = UUID.nameUUIDFromBytes(("result:" + ctx.jobId()).getBytes(StandardCharsets.UTF_8)).toString();
            FileInfo zipFile;
            try (InputStream in = Files.newInputStream(tmp)) {
                zipFile = files.storeFile(ctx.ownerId(), resultId, name, "application/zip", "job-result", ctx.jobId(), in, Files.size(tmp));
            }
            return JobResult.file(zipFile.id(), ids.size() + " files, " + total + " bytes → " + zipFile.sizeBytes() + " bytes");
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static long copy(InputStream in, OutputStream out, JobContext ctx) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long n = 0;
        int r;
        while ((r = in.read(buf)) >= 0) {
            ctx.checkCancelled();
            out.write(buf, 0, r);
            n += r;
        }
        return n;
    }

    /** Entry names are unique within the archive: a second {@code a.txt} becomes {@code a (2).txt}. */
    static String unique(Set<String> used, String name) {
        String n = FileNames.clean(name);
        if (used.add(n)) return n;
        int dot = n.lastIndexOf('.');
        String base = dot > 0 ? n.substring(0, dot) : n;
        String ext = dot > 0 ? n.substring(dot) : "";
        for (int i = 2; ; i++) {
            String c = base + " (" + i + ")" + ext;
            if (used.add(c)) return c;
        }
    }
}
