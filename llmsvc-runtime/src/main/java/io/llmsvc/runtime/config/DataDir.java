package io.llmsvc.runtime.config;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory ({@code llmsvc.data-dir}) is private to the account that runs the service: it holds the
 * database, the secrets and the users' documents and files. At start it is created if absent and set to
 * {@code rwx------}; the files the service writes there itself are {@code rw-------}. On a file system without
 * POSIX permissions nothing is changed.
 */
public final class DataDir {
    private static final Logger log = LoggerFactory.getLogger(DataDir.class);
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private DataDir() {}

    /** Creates the directory if needed and makes it owner-only; a directory we may not change is logged, not fatal. */
    public static void secure(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir.toAbsolutePath().normalize(), e);
        }
        try {
            if (!Files.getPosixFilePermissions(dir).equals(DIR)) Files.setPosixFilePermissions(dir, DIR);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        } catch (IOException e) {
            log.warn("cannot make the data directory {} private to its owner (chmod 700): {}", dir.toAbsolutePath().normalize(), e.toString());
        }
    }

    /** Makes an existing file owner-only ({@code rw-------}); silently nothing where that is not possible. */
    public static void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, FILE);
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system, or not ours
        }
    }

    /** Creates a new file that only the owner may read and write (from its first byte) and opens it for writing. */
    public static OutputStream createOwnerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            ownerOnly(file);
        }
        return Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
