package io.llmsvc.jobs.storage;

import io.llmsvc.api.files.SignedUrl;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the bytes of stored files live, addressed by key ({@code <owner>/<file id>}; keys are made by
 * {@link FileStore}, never from user input). Two implementations, chosen by {@code llmsvc.files.store}:
 * {@link LocalObjectStore} (a directory under the data dir, URLs signed by the gateway) and {@code S3ObjectStore}
 * (S3 or any S3-compatible server, real presigned URLs). Ownership and limits are {@link FileStore}'s business;
 * this layer only stores bytes.
 */
public interface ObjectStore {

    /** What is stored under a key. */
    record ObjectStat(long size, String contentType) {}

    /**
     * Stores {@code size} bytes from {@code in} under {@code key}, replacing what was there (so a retried job
     * writing its result again leaves one object). Streams: nothing is held whole in memory.
     */
    void putObject(String key, InputStream in, long size, String contentType) throws IOException;

    /** The object's bytes; {@link java.nio.file.NoSuchFileException} when there is none. */
    InputStream getObject(String key) throws IOException;

    Optional<ObjectStat> statObject(String key) throws IOException;

    /** Removes the object; true when there was one (S3 cannot tell: it answers true). */
    boolean deleteObject(String key) throws IOException;

    /** A URL that downloads the object until {@code ttl} has passed, as {@code downloadName}. */
    SignedUrl presignGet(String key, Duration ttl, String downloadName, String contentType);

    /**
     * A URL that uploads exactly {@code size} bytes of {@code contentType} to the object until {@code ttl} has
     * passed; a larger body or another content type is refused.
     */
    SignedUrl presignPut(String key, Duration ttl, String contentType, long size);

    /** {@code local} or {@code s3}: shown in health and the files API. */
    String kind();
}
