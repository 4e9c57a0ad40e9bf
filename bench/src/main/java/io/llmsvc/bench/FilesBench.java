package io.llmsvc.bench;

import io.llmsvc.api.Secret;
import io.llmsvc.jobs.storage.FilesProperties;
import io.llmsvc.jobs.storage.LocalObjectStore;
import io.llmsvc.jobs.storage.ObjectStore;
import io.llmsvc.jobs.storage.S3ObjectStore;
import io.llmsvc.jobs.storage.UrlSigner;
import io.llmsvc.testkit.s3.S3rverServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * {@code files}: the object stores next to what a user would run instead. Presigned upload URLs: our local store
 * (HMAC over method, key, expiry, type and size) and our S3 store next to the AWS SDK's presigner called directly.
 * Upload and download of a {@code --mb} MiB object: the local store next to a plain file copy on the same disk, the S3
 * store next to the AWS SDK client called directly, both against s3rver on loopback (skipped with a line when
 * s3rver is not installed: {@code .ci/s3rver.sh}). Rounds alternate between the sides.
 */
final class FilesBench {
    private static final Duration TTL = Duration.ofMinutes(15);
    private static final String TYPE = "application/octet-stream";

    static void run() throws Exception {
        int mb = Integer.parseInt(BenchMain.option("mb", "64"));
        int rounds = Integer.parseInt(BenchMain.option("rounds", "3"));
        Path dir = Files.createTempDirectory("llmsvc-bench-files");
        try {
            presign(dir);
            throughput(dir, mb, rounds);
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private interface Call {
        void run(int i) throws Exception;
    }

    /** Mean microseconds per call of each side, over alternating rounds; the median round. */
    private static double[] alternate(int rounds, int calls, Call... sides) throws Exception {
        double[][] perRound = new double[sides.length][rounds];
        for (int r = -2; r < rounds; r++) { // two warm-up rounds
            for (int k = 0; k < sides.length; k++) {
                int s = (k + Math.max(r, 0)) % sides.length;
                long t0 = System.nanoTime();
                for (int i = 0; i < calls; i++) sides[s].run(i);
                if (r >= 0) perRound[s][r] = (System.nanoTime() - t0) / 1e3 / calls;
            }
        }
        double[] median = new double[sides.length];
        for (int s = 0; s < sides.length; s++) {
            Arrays.sort(perRound[s]);
            median[s] = perRound[s][rounds / 2];
        }
        return median;
    }

    private static void presign(Path dir) throws Exception {
        LocalObjectStore local = new LocalObjectStore(dir.resolve("presign"), new UrlSigner(Secret.of("bench-signing-key"), Clock.systemUTC()));
        String endpoint = "http://127.0.0.1:9"; // presigning does not connect
        try (S3ObjectStore ours = new S3ObjectStore(new FilesProperties.S3(endpoint, "us-east-1", "bench", "key", "secret", true, null));
             S3Presigner sdk = S3Presigner.builder().region(Region.US_EAST_1).endpointOverride(URI.create(endpoint))
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("key", "secret")))
                     .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build()) {
            double[] us = alternate(9, 5000,
                    i -> local.presignPut("alice/f" + i, TTL, TYPE, 1000 + i),
                    i -> ours.presignPut("alice/f" + i, TTL, TYPE, 1000 + i),
                    i -> sdk.presignPutObject(r -> r.signatureDuration(TTL).putObjectRequest(
                            g -> g.bucket("bench").key("alice/f" + i).contentType(TYPE).contentLength(1000L + i))));
            System.out.println("### Presigned upload URL: time to issue one (µs, median of 9 rounds of 5000)");
            System.out.println();
            new Table("store", "ours µs", "AWS SDK presigner µs", "ours / SDK")
                    .row("local (HMAC, gateway route)", Stats.f2(us[0]), "–", "–")
                    .row("S3", Stats.f2(us[1]), Stats.f2(us[2]), Stats.f2(us[1] / us[2]))
                    .print();
        }
    }

    private static void throughput(Path dir, int mb, int rounds) throws Exception {
        long size = mb * 1024L * 1024L;
        Path source = dir.resolve("source.bin");
        byte[] block = new byte[1024 * 1024];
        new Random(7).nextBytes(block);
        try (OutputStream out = Files.newOutputStream(source)) {
            for (int i = 0; i < mb; i++) out.write(block);
        }
        Table t = new Table("store", "direction", "ours MB/s", "instead", "instead MB/s", "ours / instead");
        LocalObjectStore local = new LocalObjectStore(dir.resolve("local"), new UrlSigner(Secret.of("bench-signing-key"), Clock.systemUTC()));
        Path plain = dir.resolve("plain.bin");
        double[] up = alternate(rounds, 1,
                i -> put(local, source, size),
                i -> Files.copy(source, plain, StandardCopyOption.REPLACE_EXISTING));
        double[] down = alternate(rounds, 1,
                i -> drain(local.getObject("bench/object")),
                i -> drain(Files.newInputStream(plain)));
        t.row("local", "upload", rate(size, up[0]), "Files.copy", rate(size, up[1]), Stats.f2(up[1] / up[0]));
        t.row("local", "download", rate(size, down[0]), "file read", rate(size, down[1]), Stats.f2(down[1] / down[0]));
        if (!S3rverServer.installed()) {
            t.print();
            System.out.println("S3 rows skipped: s3rver is not installed in " + S3rverServer.home() + " (run .ci/s3rver.sh)");
            System.out.println();
            return;
        }
        try (S3rverServer server = S3rverServer.start(Files.createDirectories(dir.resolve("s3rver")));
             S3ObjectStore ours = new S3ObjectStore(new FilesProperties.S3(server.endpoint, "us-east-1", "bench", S3rverServer.ACCESS_KEY, S3rverServer.SECRET_KEY, true, null));
             S3Client sdk = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(server.endpoint))
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3rverServer.ACCESS_KEY, S3rverServer.SECRET_KEY)))
                     .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).chunkedEncodingEnabled(false).build())
                     .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                     .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build()) {
            ours.ensureBucket();
            double[] s3up = alternate(rounds, 1,
                    i -> put(ours, source, size),
                    i -> sdk.putObject(r -> r.bucket("bench").key("bench/sdk").contentType(TYPE).contentLength(size), RequestBody.fromFile(source)));
            double[] s3down = alternate(rounds, 1,
                    i -> drain(ours.getObject("bench/object")),
                    i -> drain(sdk.getObject(r -> r.bucket("bench").key("bench/sdk"))));
            t.row("S3 (s3rver)", "upload", rate(size, s3up[0]), "AWS SDK putObject", rate(size, s3up[1]), Stats.f2(s3up[1] / s3up[0]));
            t.row("S3 (s3rver)", "download", rate(size, s3down[0]), "AWS SDK getObject", rate(size, s3down[1]), Stats.f2(s3down[1] / s3down[0]));
        }
        System.out.printf("### Upload and download of a %d MiB object (median of %d rounds)%n%n", mb, rounds);
        t.print();
    }

    private static void put(ObjectStore store, Path source, long size) throws Exception {
        try (InputStream in = Files.newInputStream(source)) {
            store.putObject("bench/object", in, size, TYPE);
        }
    }

    private static void drain(InputStream in) throws Exception {
        try (in) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    /** MB/s of {@code size} bytes in {@code micros}. */
    private static String rate(long size, double micros) {
        return Stats.f1(size / 1e6 / (micros / 1e6));
    }

    private FilesBench() {}
}
