package io.llmsvc.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code llmsvc models list} shows the models the running server serves (with a key), else the GGUF files a worker
 * would serve; {@code llmsvc models pull <repo> <file>}
 * downloads one from a Hugging Face-style hub ({@code LLMSVC_HF_ENDPOINT}, default https://huggingface.co) with
 * progress, verifies its SHA-256 (given with {@code --sha256}, else the hub's {@code X-Linked-Etag}) and moves it
 * into place only when complete.
 */
public final class ModelsCommand {
    private final PrintStream out;
    private final PrintStream err;

    public ModelsCommand() {
        this(System.out, System.err);
    }

    ModelsCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public int run(String[] args) throws IOException, InterruptedException {
        if (args.length == 0) {
            err.println("usage: llmsvc models list [--dir DIR] [--url URL] [--key KEY] | llmsvc models pull <hf-repo> <file.gguf> [--sha256 HEX] [--dir DIR]");
            return 2;
        }
        CliArgs a = CliArgs.parse(java.util.Arrays.copyOfRange(args, 1, args.length), java.util.Set.of("--dir", "--sha256", "--url", "--key"), java.util.Set.of());
        Path dir = Path.of(a.value("--dir") != null ? a.value("--dir") : env("LLMSVC_MODELS_DIR", "./models"));
        String sha = a.value("--sha256") == null ? null : a.value("--sha256").toLowerCase(Locale.ROOT);
        List<String> positional = a.positional();
        if (args[0].equals("list") && (a.value("--url") != null || a.value("--key") != null || System.getenv("LLMSVC_API_KEY") != null)) {
            CliServer server = CliServer.of(a.value("--url"), a.value("--key"), System.getenv());
            if (server.isUp() && server.hasKey()) return listServed(server);
            if (a.value("--url") != null) throw new CliException("no server answers at " + server.url());
        }
        return switch (args[0]) {
            case "list" -> list(dir);
            case "pull" -> {
                if (positional.size() != 2) {
                    err.println("usage: llmsvc models pull <hf-repo> <file.gguf> [--sha256 HEX] [--dir DIR]");
                    yield 2;
                }
                yield pull(positional.get(0), positional.get(1), sha, dir, env("LLMSVC_HF_ENDPOINT", "https://huggingface.co"));
            }
            default -> {
                err.println("llmsvc models: unknown subcommand '" + args[0] + "' (list, pull)");
                yield 2;
            }
        };
    }

    /** The models the running server serves (its {@code /v1/models}). */
    int listServed(CliServer server) {
        var data = server.call("GET", "/v1/models", null).path("data");
        if (data.isEmpty()) {
            out.println("the server at " + server.url() + " serves no model yet (put a .gguf file into its models directory)");
            return 0;
        }
        out.println("models served by " + server.url() + ":");
        for (var m : data) out.println("  " + m.path("id").asString());
        return 0;
    }

    int list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            out.println("no models directory at " + dir.toAbsolutePath() + " (create it and put .gguf files in it)");
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> ggufs = files.filter(p -> p.getFileName().toString().endsWith(".gguf")).sorted().toList();
            if (ggufs.isEmpty()) {
                out.println("no .gguf files in " + dir.toAbsolutePath() + "; try: llmsvc models pull <hf-repo> <file.gguf>");
                return 0;
            }
            out.printf("%-40s %10s  %s%n", "MODEL", "SIZE", "DETAILS");
            for (Path p : ggufs) {
                String name = p.getFileName().toString();
                out.printf("%-40s %10s  %s%n", name.substring(0, name.length() - 5), human(Files.size(p)), ModelDetails.describe(p));
            }
        }
        return 0;
    }

    int pull(String repo, String file, String expectedSha, Path dir, String endpoint) throws IOException, InterruptedException {
        if (!repo.matches("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*") || repo.contains("..")) {
            err.println("llmsvc models pull: '" + repo + "' is not a repository name like owner/name");
            return 2;
        }
        if (!file.matches("[A-Za-z0-9][A-Za-z0-9._-]*\\.gguf") || file.contains("..")) {
            err.println("llmsvc models pull: '" + file + "' must be a plain file name ending in .gguf");
            return 2;
        }
        if (expectedSha != null && !expectedSha.matches("[0-9a-f]{64}")) {
            err.println("llmsvc models pull: --sha256 needs 64 hex digits");
            return 2;
        }
        Files.createDirectories(dir);
        Path target = dir.resolve(file);
        if (Files.exists(target)) {
            out.println(target + " already exists");
            return 0;
        }
        URI uri = URI.create(endpoint.replaceAll("/+$", "") + "/" + repo + "/resolve/main/" + file);
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(15)).build();
        HttpResponse<InputStream> res;
        try {
            res = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            err.println("llmsvc models pull: cannot reach " + uri.getScheme() + "://" + uri.getAuthority() + " (" + CliException.rootMessage(e)
                    + "): check the network, or set LLMSVC_HF_ENDPOINT to a reachable hub, or copy the .gguf file into " + dir.toAbsolutePath());
            return 1;
        }
        if (res.statusCode() != 200) {
            res.body().close();
            err.println("llmsvc models pull: " + uri + " answered HTTP " + res.statusCode());
            return 1;
        }
        if (expectedSha == null) {
            expectedSha = res.headers().firstValue("X-Linked-Etag").or(() -> res.headers().firstValue("ETag"))
                    .map(s -> s.replace("\"", "").replace("W/", "").toLowerCase(Locale.ROOT))
                    .filter(s -> s.matches("[0-9a-f]{64}")).orElse(null);
        }
        long total = res.headers().firstValueAsLong("Content-Length").orElse(-1);
        Path part = dir.resolve(file + ".part");
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long done = 0;
        long lastReport = 0;
        try (InputStream in = res.body(); OutputStream o = Files.newOutputStream(part)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                o.write(buf, 0, n);
                sha.update(buf, 0, n);
                done += n;
                if (done - lastReport >= (1 << 22) || done == total) {
                    lastReport = done;
                    err.print("\r" + progress(done, total));
                }
            }
        } catch (IOException e) {
            Files.deleteIfExists(part);
            err.println("\nllmsvc models pull: download failed: " + e.getMessage());
            return 1;
        }
        err.println("\r" + progress(done, total));
        String actual = HexFormat.of().formatHex(sha.digest());
        if (total >= 0 && done != total) {
            Files.deleteIfExists(part);
            err.println("llmsvc models pull: incomplete download (" + done + " of " + total + " bytes)");
            return 1;
        }
        if (expectedSha != null && !expectedSha.equals(actual)) {
            Files.deleteIfExists(part);
            err.println("llmsvc models pull: checksum mismatch: expected " + expectedSha + ", got " + actual);
            return 1;
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        out.println("saved " + target + " (sha256 " + actual + (expectedSha == null ? ", not verified: no checksum known" : ", verified") + ")");
        out.println("model id: " + file.substring(0, file.length() - 5) + " (restart the worker to serve it)");
        return 0;
    }

    private static String progress(long done, long total) {
        if (total <= 0) return "downloaded " + human(done);
        return String.format("downloaded %s of %s (%d%%)", human(done), human(total), done * 100 / total);
    }

    static String human(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        do {
            v /= 1024;
            u++;
        } while (v >= 1024 && u < units.length - 1);
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }
}
