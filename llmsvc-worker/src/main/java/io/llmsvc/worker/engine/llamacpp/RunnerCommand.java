package io.llmsvc.worker.engine.llamacpp;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line of a runner JVM: the same {@code java} as this process, the same class path (through Spring Boot's
 * {@code PropertiesLauncher} when running from a fat jar), and llama.cpp's native library extracted once into a
 * private folder that all runners share — the binding's own extraction rewrites one fixed file in the temp folder,
 * which races when several runners start at once.
 */
final class RunnerCommand {
    private static final Logger log = LoggerFactory.getLogger(RunnerCommand.class);
    private static final String MAIN = RunnerMain.class.getName();
    private static final String BOOT_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";
    private static volatile Path nativeDir;

    static List<String> build(RunnerProcess.Options o, long parentPid) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.add("-Xmx" + o.heap());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1"); // the runner's Java code is thin glue; C1 starts faster
        Path natives = nativeLibraryDir();
        if (natives != null) {
            cmd.add("-Dde.kherud.llama.lib.path=" + natives);
            cmd.add("-Dde.kherud.llama.tmpdir=" + natives);
        }
        String classPath = System.getProperty("java.class.path");
        if (isBootFatJar(classPath)) {
            cmd.addAll(List.of("-cp", classPath, "-Dloader.main=" + MAIN, BOOT_LAUNCHER));
        } else {
            cmd.addAll(List.of("-cp", classPath, MAIN));
        }
        cmd.addAll(List.of("--model", o.model().toAbsolutePath().toString(), "--model-id", o.modelId(),
                "--slots", String.valueOf(o.slots()), "--ctx", String.valueOf(o.ctx()),
                "--threads", String.valueOf(o.threads()), "--parent-pid", String.valueOf(parentPid)));
        if (o.embeddings()) cmd.add("--embeddings");
        return cmd;
    }

    static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    static boolean isBootFatJar(String classPath) {
        if (classPath == null || classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) return false;
        try (ZipFile jar = new ZipFile(classPath)) {
            return jar.getEntry("BOOT-INF/") != null || jar.stream().anyMatch(e -> e.getName().startsWith("BOOT-INF/"));
        } catch (IOException e) {
            return false;
        }
    }

    /** The folder holding {@code libjllama} for this platform, extracted on first use; null when not bundled. */
    static Path nativeLibraryDir() {
        Path dir = nativeDir;
        if (dir != null) return dir;
        synchronized (RunnerCommand.class) {
            if (nativeDir == null) nativeDir = extractNativeLibrary();
            return nativeDir;
        }
    }

    private static Path extractNativeLibrary() {
        String lib = System.mapLibraryName("jllama");
        String resource = "/de/kherud/llama/" + osFolder() + "/" + archFolder() + "/" + lib;
        try (InputStream in = de.kherud.llama.LlamaModel.class.getResourceAsStream(resource)) {
            if (in == null) return null;
            byte[] bytes = in.readAllBytes();
            CRC32 crc = new CRC32();
            crc.update(bytes);
            Path base = Path.of(System.getProperty("java.io.tmpdir"), "llmsvc-native-" + System.getProperty("user.name", "user"));
            Path dir = base.resolve(Long.toHexString(crc.getValue()) + "-" + bytes.length);
            Path target = dir.resolve(lib);
            if (Files.isRegularFile(target) && Files.size(target) == bytes.length && sameCrc(target, crc.getValue())) return dir;
            Files.createDirectories(dir);
            ownerOnly(base);
            Path tmp = Files.createTempFile(dir, "lib", ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return dir;
        } catch (IOException | RuntimeException e) {
            log.warn("cannot extract the llama.cpp native library ({}); each runner extracts its own", e.toString());
            return null;
        }
    }

    private static boolean sameCrc(Path file, long expected) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(Files.readAllBytes(file));
        return crc.getValue() == expected;
    }

    private static void ownerOnly(Path dir) {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException | UnsupportedOperationException ignored) {
            // not POSIX, or not ours: the CRC check above still guards what we load
        }
    }

    private static String osFolder() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac") || os.contains("darwin")) return "Mac";
        if (os.contains("win")) return "Windows";
        return "Linux";
    }

    private static String archFolder() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
    }

    private RunnerCommand() {}
}
