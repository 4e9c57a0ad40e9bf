package io.llmsvc.jobs.storage;

/** Opens the S3 object store from {@code llmsvc.files.s3.*}. */
final class S3Stores {
    private S3Stores() {}

    static ObjectStore open(FilesProperties.S3 s3) {
        throw new io.llmsvc.runtime.config.InvalidSettingException("llmsvc.files.store", "local (the S3 store is not built into this version yet)");
    }
}
