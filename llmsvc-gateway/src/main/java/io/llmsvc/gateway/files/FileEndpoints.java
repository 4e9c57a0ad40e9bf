package io.llmsvc.gateway.files;

import io.llmsvc.api.agents.Caller;
import io.llmsvc.api.files.FileInfo;
import io.llmsvc.api.files.SignedUrl;
import io.llmsvc.api.jobs.JobInfo;
import io.llmsvc.api.jobs.JobsApi;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.gateway.agents.Agents;
import io.llmsvc.gateway.auth.Principal;
import io.llmsvc.jobs.files.ArchiveFilesArgs;
import io.llmsvc.jobs.storage.FileStore;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import io.llmsvc.runtime.web.StrictJson;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stored files: {@code POST /api/files} creates a pending file and a presigned PUT URL for its bytes; with the S3
 * store the client then calls {@code POST /api/files/{id}/complete}. Download URLs are fresh presigned GETs. Only a
 * file's owner (and admins) see it; for anyone else it does not exist.
 */
@RestController
@ConditionalOnTarget(Target.GATEWAY)
class FileEndpoints {
    static final String PATH = "/api/files";

    private final FileStore files;
    private final JobsApi jobs;

    FileEndpoints(FileStore files, JobsApi jobs) {
        this.files = files;
        this.jobs = jobs;
    }

    record CreateBody(String name, @JsonProperty("content_type") String contentType, Long size, String purpose) {}

    record ArchiveBody(@JsonProperty("file_ids") List<String> fileIds, String name,
                       @JsonProperty("idempotency_key") String idempotencyKey) {}

    private static Caller caller(HttpServletRequest req) {
        return Agents.callerOf(Principal.of(req));
    }

    @GetMapping(PATH)
    Map<String, Object> list(HttpServletRequest req) {
        Caller c = caller(req);
        boolean all = "true".equals(req.getParameter("all"));
        if (all && !c.isAdmin()) throw new LlmsvcException(io.llmsvc.api.ErrorCode.FORBIDDEN, "all=true is for admins");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("object", "list");
        out.put("data", files.listFiles(c, all, 1000));
        return out;
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> create(@RequestBody(required = false) byte[] body, HttpServletRequest req) {
        CreateBody b = StrictJson.read(body, CreateBody.class);
        if (b.name() == null || b.name().isBlank()) throw LlmsvcException.invalid("name", "name must be the file's name");
        if (b.size() == null) throw LlmsvcException.invalid("size", "size must be the file's length in bytes");
        FileStore.Upload up = files.createUpload(caller(req), b.name(), b.contentType(), b.size(), b.purpose());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", up.file());
        out.put("upload", absolute(up.upload(), req));
        if (up.needsCompletion()) out.put("complete_url", PATH + "/" + up.file().id() + "/complete");
        return ResponseEntity.status(HttpStatus.CREATED).location(URI.create(PATH + "/" + up.file().id())).body(out);
    }

    @PostMapping(PATH + "/{id}/complete")
    FileInfo complete(@PathVariable String id, HttpServletRequest req) throws IOException {
        return files.completeUpload(caller(req), id);
    }

    @GetMapping(PATH + "/{id}")
    FileInfo get(@PathVariable String id, HttpServletRequest req) {
        return files.getFile(caller(req), id);
    }

    @GetMapping(PATH + "/{id}/url")
    SignedUrl url(@PathVariable String id, HttpServletRequest req) {
        return absolute(files.downloadUrl(caller(req), id), req);
    }

    @DeleteMapping(PATH + "/{id}")
    ResponseEntity<Void> delete(@PathVariable String id, HttpServletRequest req) throws IOException {
        files.deleteFile(caller(req), id);
        return ResponseEntity.noContent().build();
    }

    /** Queues a {@code files.archive} job that zips the given files; 202 with the job. */
    @PostMapping(path = PATH + "/archive", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JobInfo> archive(@RequestBody(required = false) byte[] body, HttpServletRequest req) {
        ArchiveBody b = StrictJson.read(body, ArchiveBody.class);
        JobInfo job = jobs.submitJob(caller(req), new ArchiveFilesArgs(b.fileIds(), b.name()), b.idempotencyKey());
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/jobs/" + job.id())).body(job);
    }

    /** The local store's URLs are paths on this gateway: made absolute with the address the client used. */
    static SignedUrl absolute(SignedUrl u, HttpServletRequest req) {
        if (!u.url().startsWith("/")) return u;
        String base = req.getScheme() + "://" + req.getServerName() + ":" + req.getServerPort();
        return new SignedUrl(u.method(), base + u.url(), u.expiresAt(), u.headers());
    }
}
