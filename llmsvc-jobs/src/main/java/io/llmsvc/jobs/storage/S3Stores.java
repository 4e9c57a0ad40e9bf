package io.llmsvc.jobs.storage;

import io.llmsvc.runtime.config.InvalidSettingException;
import java.io.IOException;

/** Opens the S3 object store from {@code llmsvc.files.s3.*}, creating the bucket when it is missing. */
final class S3Stores {
    private S3Stores() {}

    static ObjectStore open(FilesProperties.S3 s3) throws IOException {
        if (s3.endpoint() != null && !s3.endpoint().isBlank() && !s3.endpoint().strip().matches("https?://.+")) {
            throw new InvalidSettingException("llmsvc.files.s3.endpoint", "an http:// or https:// URL (LLMSVC_S3_ENDPOINT)");
        }
        if ((s3.accessKey() == null || s3.accessKey().isBlank()) != (s3.secretKey() == null || s3.secretKey().isBlank())) {
            throw new InvalidSettingException("llmsvc.files.s3.secret-key", "both access-key and secret-key, or neither (the default AWS credentials)");
        }
        S3ObjectStore store = new S3ObjectStore(s3);
        store.ensureBucket();
        return store;
    }
}
