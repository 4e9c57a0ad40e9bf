package io.llmsvc.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.llmsvc.testkit.gguf.TinyModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code llmsvc models pull/list} against a local HTTP server that serves files as a model hub does. */
class ModelsCommandTest {
    @TempDir
    Path dir;
    HttpServer hub;
    byte[] model;
    final AtomicReference<String> etag = new AtomicReference<>();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    ModelsCommand cmd;

    @BeforeEach
    void startHub() throws Exception {
        model = Files.readAllBytes(TinyModels.write(Files.createDirectories(dir.resolve("src")), "hub-model"));
        hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hub.createContext("/acme/tiny-GGUF/resolve/main/", ex -> {
            String file = ex.getRequestURI().getPath().replaceFirst(".*/", "");
            if (!file.equals("tiny.gguf")) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            if (etag.get() != null) ex.getResponseHeaders().add("X-Linked-Etag", "\"" + etag.get() + "\"");
            ex.sendResponseHeaders(200, model.length);
            ex.getResponseBody().write(model);
            ex.close();
        });
        hub.start();
        cmd = new ModelsCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stopHub() {
        hub.stop(0);
    }

    String endpoint() { return "http://127.0.0.1:" + hub.getAddress().getPort(); }

    String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void pullsWithProgressAndVerifiesTheHubChecksum() throws Exception {
        etag.set(sha256(model));
        Path models = dir.resolve("models");
        assertThat(cmd.pull("acme/tiny-GGUF", "tiny.gguf", null, models, endpoint())).isZero();
        assertThat(Files.readAllBytes(models.resolve("tiny.gguf"))).isEqualTo(model);
        assertThat(err.toString()).contains("downloaded").contains("100%");
        assertThat(out.toString()).contains("verified").contains("model id: tiny");
        assertThat(models.resolve("tiny.gguf.part")).doesNotExist();

        out.reset();
        assertThat(cmd.list(models)).isZero();
        assertThat(out.toString()).contains("tiny").contains("llama").contains("own chat template");
    }

    @Test
    void checksumMismatchKeepsNothing() throws Exception {
        Path models = dir.resolve("models");
        assertThat(cmd.pull("acme/tiny-GGUF", "tiny.gguf", "0".repeat(64), models, endpoint())).isEqualTo(1);
        assertThat(err.toString()).contains("checksum mismatch");
        assertThat(models.resolve("tiny.gguf")).doesNotExist();
        assertThat(models.resolve("tiny.gguf.part")).doesNotExist();
    }

    @Test
    void missingFileAndUnsafeNamesAreRefused() throws Exception {
        Path models = dir.resolve("models");
        assertThat(cmd.pull("acme/tiny-GGUF", "other.gguf", null, models, endpoint())).isEqualTo(1);
        assertThat(err.toString()).contains("HTTP 404");
        assertThat(cmd.pull("acme/tiny-GGUF", "../evil.gguf", null, models, endpoint())).isEqualTo(2);
        assertThat(cmd.pull("../../etc", "tiny.gguf", null, models, endpoint())).isEqualTo(2);
        assertThat(cmd.pull("acme/tiny-GGUF", "tiny.bin", null, models, endpoint())).isEqualTo(2);
        assertThat(dir.resolve("evil.gguf")).doesNotExist();
    }

    @Test
    void listSaysHowToAddAModelWhenEmpty() throws Exception {
        assertThat(cmd.list(dir.resolve("none"))).isZero();
        assertThat(out.toString()).contains("no models directory");
        Files.createDirectories(dir.resolve("empty"));
        out.reset();
        cmd.list(dir.resolve("empty"));
        assertThat(out.toString()).contains("models pull");
    }
}
