package io.llmsvc.jobs.storage;

import io.llmsvc.api.files.SignedUrl;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Objects in an S3 bucket (AWS, or any S3-compatible server: MinIO, Ceph, s3rver) with real presigned URLs, so
 * browsers upload to and download from the store directly. The client is built with chunked encoding off: with it
 * on, some S3-compatible servers store the aws-chunked framing inside the object. A presigned PUT signs its
 * Content-Type and Content-Length; {@link FileStore#completeUpload} checks what arrived all the same, since not
 * every S3-compatible server enforces signed headers.
 */
public final class S3ObjectStore implements ObjectStore, AutoCloseable {
    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;
    private final String prefix;

    public S3ObjectStore(FilesProperties.S3 settings) {
        Region region = Region.of(settings.region() == null || settings.region().isBlank() ? "us-east-1" : settings.region().strip());
        S3Configuration config = S3Configuration.builder().chunkedEncodingEnabled(false).pathStyleAccessEnabled(settings.pathStyle()).build();
        AwsCredentialsProvider creds = blank(settings.accessKey()) ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey().strip(), settings.secretKey()));
        // checksums only where S3 requires them: a computed-up-front checksum would read the upload stream twice
        var b = S3Client.builder().region(region).credentialsProvider(creds).serviceConfiguration(config)
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED);
        var p = S3Presigner.builder().region(region).credentialsProvider(creds).serviceConfiguration(config);
        if (!blank(settings.endpoint())) {
            b.endpointOverride(URI.create(settings.endpoint().strip()));
            p.endpointOverride(URI.create(settings.endpoint().strip()));
        }
        this.s3 = b.build();
        this.presigner = p.build();
        this.bucket = settings.bucket().strip();
        this.prefix = blank(settings.keyPrefix()) ? "" : settings.keyPrefix().strip();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Creates the bucket when it does not exist (a fresh store at first start). */
    public void ensureBucket() throws IOException {
        try {
            s3.headBucket(HeadBucketRequest.builder().bucket(bucket).build());
        } catch (NoSuchBucketException e) {
            s3.createBucket(r -> r.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) throw new IOException("cannot reach bucket " + bucket + ": " + e.awsErrorDetails().errorMessage(), e);
            s3.createBucket(r -> r.bucket(bucket));
        } catch (SdkException e) {
            throw new IOException("cannot reach the object store: " + e.getMessage(), e);
        }
    }

    private String key(String key) {
        return prefix + key;
    }

    /**
     * Spools the body to a temporary file first: the SDK signs (and may retry) a request by reading its body more
     * than once, which a stream cannot do without being held in memory.
     */
    @Override
    public void putObject(String key, InputStream in, long size, String contentType) throws IOException {
        java.nio.file.Path tmp = java.nio.file.Files.createTempFile("llmsvc-s3", ".part");
        try {
            long n;
            try (var out = java.nio.file.Files.newOutputStream(tmp)) {
                n = in.transferTo(out);
            }
            if (size >= 0 && n != size) throw new IOException("the body has " + n + " bytes, not " + size);
            s3.putObject(r -> r.bucket(bucket).key(key(key)).contentType(contentType).contentLength(n), RequestBody.fromFile(tmp));
        } catch (SdkException e) {
            throw new IOException("cannot store " + key + ": " + e.getMessage(), e);
        } finally {
            java.nio.file.Files.deleteIfExists(tmp);
        }
    }

    @Override
    public InputStream getObject(String key) throws IOException {
        try {
            return s3.getObject(r -> r.bucket(bucket).key(key(key)));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key);
        } catch (SdkException e) {
            throw new IOException("cannot read " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<ObjectStat> statObject(String key) throws IOException {
        try {
            HeadObjectResponse h = s3.headObject(r -> r.bucket(bucket).key(key(key)));
            return Optional.of(new ObjectStat(h.contentLength(), h.contentType()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return Optional.empty();
            throw new IOException("cannot read " + key + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("cannot read " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean deleteObject(String key) throws IOException {
        try {
            s3.deleteObject(r -> r.bucket(bucket).key(key(key)));
            return true;
        } catch (SdkException e) {
            throw new IOException("cannot delete " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public SignedUrl presignGet(String key, Duration ttl, String downloadName, String contentType) {
        var req = presigner.presignGetObject(r -> r.signatureDuration(ttl).getObjectRequest(g -> g.bucket(bucket).key(key(key))
                .responseContentDisposition(FileNames.attachment(downloadName)).responseContentType(contentType)));
        return new SignedUrl("GET", req.url().toString(), req.expiration(), Map.of());
    }

    @Override
    public SignedUrl presignPut(String key, Duration ttl, String contentType, long size) {
        var req = presigner.presignPutObject(r -> r.signatureDuration(ttl).putObjectRequest(g -> g.bucket(bucket).key(key(key))
                .contentType(contentType).contentLength(size)));
        return new SignedUrl("PUT", req.url().toString(), req.expiration(), Map.of("Content-Type", contentType));
    }

    @Override
    public String kind() { return "s3"; }

    @Override
    public void close() {
        presigner.close();
        s3.close();
    }
}
