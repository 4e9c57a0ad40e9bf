package io.llmsvc.runtime.web;

/**
 * A route that takes file uploads larger than {@code llmsvc.max-body-size}: requests to exactly {@code path} whose
 * body is {@code multipart/form-data} or {@code application/octet-stream} may carry a file of up to
 * {@code maxFileBytes}, plus {@code envelopeBytes} for what surrounds it (multipart boundaries, headers, form
 * fields). Other bodies on the same path keep the general limit. A {@code path} ending in {@code /**} is a prefix
 * that governs every request below it whatever its body (signed uploads of raw bytes). Register one as a bean;
 * {@link BodyLimitFilter} picks it up.
 *
 * @param setting the setting that sets the limit, named in the 413 message
 */
public record UploadRoute(String path, long maxFileBytes, long envelopeBytes, String setting) {

    public UploadRoute {
        if (path == null || !path.startsWith("/")) throw new IllegalArgumentException("path must start with /");
        if (maxFileBytes < 1 || envelopeBytes < 0) throw new IllegalArgumentException("limits must be positive");
    }

    /** The largest body accepted. */
    public long maxBytes() { return maxFileBytes + envelopeBytes; }

    /** Whether this route governs the request (path and upload content type). */
    public boolean matches(String requestPath, String contentType) {
        if (path.endsWith("/**")) return requestPath.startsWith(path.substring(0, path.length() - 2));
        if (!path.equals(requestPath) || contentType == null) return false;
        String ct = contentType.strip().toLowerCase(java.util.Locale.ROOT);
        return ct.startsWith("multipart/form-data") || ct.startsWith("application/octet-stream");
    }

    /** The 413 message: the file limit in readable units and the setting that sets it. */
    public String tooLargeMessage() {
        return "upload larger than " + readable(maxFileBytes) + " (" + setting + ")";
    }

    static String readable(long bytes) {
        long mb = 1024 * 1024;
        if (bytes >= mb && bytes % mb == 0) return bytes / mb + " MB";
        if (bytes >= 1024 && bytes % 1024 == 0) return bytes / 1024 + " KB";
        return bytes + " bytes";
    }
}
