package io.llmsvc.gateway.files;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.files.FileInfo;
import io.llmsvc.jobs.storage.FileNames;
import io.llmsvc.jobs.storage.FileRecord;
import io.llmsvc.jobs.storage.FileStore;
import io.llmsvc.jobs.storage.LocalObjectStore;
import io.llmsvc.jobs.storage.ObjectStore;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The local store's presigned URLs ({@code /files/o/<key>?expires=&sig=}): whoever holds a valid URL may download
 * (GET) or upload (PUT) that one object until it expires, without other credentials. An expired, tampered or
 * foreign signature answers 403; an upload longer than the size it was signed for is cut off with 413 and stores
 * nothing. Bodies stream: a 1 GB upload never sits in memory.
 */
@RestController
@ConditionalOnTarget(Target.GATEWAY)
class SignedFileEndpoints {
    private final FileStore files;

    SignedFileEndpoints(FileStore files) {
        this.files = files;
    }

    private LocalObjectStore local() {
        ObjectStore o = files.objects();
        if (o instanceof LocalObjectStore l) return l;
        throw new LlmsvcException(ErrorCode.NOT_FOUND, "files are served by the object store, not by this gateway");
    }

    private static String key(HttpServletRequest req) {
        String key = req.getRequestURI().substring(LocalObjectStore.ROUTE.length());
        if (!LocalObjectStore.validKey(key)) throw new LlmsvcException(ErrorCode.NOT_FOUND, "no such file");
        return key;
    }

    @GetMapping(LocalObjectStore.ROUTE + "**")
    void download(HttpServletRequest req, HttpServletResponse res) throws IOException {
        LocalObjectStore store = local();
        String key = key(req);
        String refused = store.signer().check("GET", key, req.getParameter("expires"), null, -1, req.getParameter("sig"));
        if (refused != null) throw new LlmsvcException(ErrorCode.FORBIDDEN, refused);
        FileRecord r = files.byKey(key).filter(FileRecord::ready).orElseThrow(() -> new LlmsvcException(ErrorCode.NOT_FOUND, "the file no longer exists"));
        Path file = store.file(key);
        if (!Files.isRegularFile(file)) throw new LlmsvcException(ErrorCode.NOT_FOUND, "the file no longer exists");
        res.setContentType(r.contentType());
        res.setHeader("Content-Disposition", FileNames.attachment(r.name()));
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setHeader("Content-Security-Policy", "sandbox");
        res.setHeader("Cache-Control", "private, no-store");
        res.setContentLengthLong(Files.size(file));
        try (InputStream in = Files.newInputStream(file); OutputStream out = res.getOutputStream()) {
            in.transferTo(out);
        }
    }

    @PutMapping(LocalObjectStore.ROUTE + "**")
    Map<String, FileInfo> upload(HttpServletRequest req) throws IOException {
        LocalObjectStore store = local();
        String key = key(req);
        long size;
        try {
            size = Long.parseLong(String.valueOf(req.getParameter("size")));
        } catch (NumberFormatException e) {
            throw new LlmsvcException(ErrorCode.FORBIDDEN, "the URL is not signed for an upload");
        }
        String signedType = req.getParameter("type");
        String refused = store.signer().check("PUT", key, req.getParameter("expires"), signedType, size, req.getParameter("sig"));
        if (refused != null) throw new LlmsvcException(ErrorCode.FORBIDDEN, refused);
        String sent = req.getContentType();
        if (sent == null || !sent.strip().equalsIgnoreCase(signedType)) {
            throw new LlmsvcException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send Content-Type: " + signedType + " (the type the upload was created for)");
        }
        if (req.getContentLengthLong() > size) {
            throw new LlmsvcException(ErrorCode.PAYLOAD_TOO_LARGE, "the upload is larger than the " + size + " bytes it was created for");
        }
        return Map.of("file", files.acceptLocalUpload(key, sent, req.getInputStream()));
    }
}
