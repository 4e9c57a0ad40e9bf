package io.llmsvc.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Secrets never reach logs, error bodies, metrics or stored rows: a canary bearer key (valid: it is the bootstrap
 * key; and an invalid one), a canary provider key and a canary in other auth headers go through every path —
 * chat, stream, completions, embeddings, seed-002 chat, logs/usage, errors — with debug logging on; then all console
 * output, every response, the Prometheus page and every text column of every table are searched.
 */
class SecretsIT {
    /** TestServer's bootstrap key (a second --llmsvc.bootstrap-key would be joined to it, not replace it). */
    static final String VALID = TestServer.KEY;
    static final String INVALID = "sk-canary-invalid-5b8e1d7a2c9f4e63";
    static final String PROVIDER = "pk-canary-provider-3d9a6e1f7b2c8054";
    static final List<String> CANARIES = List.of(VALID, INVALID, PROVIDER, "test-bootstrap-key", "canary-invalid", "canary-provider");
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Copies everything written to a stream (the console appender writes through System.out). */
    static final class Tee extends OutputStream {
        final OutputStream a, b;
        Tee(OutputStream a, OutputStream b) { this.a = a; this.b = b; }
        @Override public synchronized void write(int x) throws java.io.IOException { a.write(x); b.write(x); }
        @Override public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException { a.write(buf, off, len); b.write(buf, off, len); }
        @Override public void flush() throws java.io.IOException { a.flush(); b.flush(); }
    }

    static HttpResponse<String> send(TestServer s, String auth, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.url() + path))
                .header("Content-Type", "application/json").header("X-Provider-Key", PROVIDER).timeout(Duration.ofSeconds(60));
        if (auth != null) b.header("Authorization", auth);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void noCanaryAppearsInLogsResponsesMetricsOrTables() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out, err = System.err;
        System.setOut(new PrintStream(new Tee(out, captured), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err, captured), true, StandardCharsets.UTF_8));
        TestServer server = null;
        List<String> seen = new ArrayList<>();
        try {
            server = TestServer.start("--logging.level.io.llmsvc=DEBUG",
                    "--logging.level.org.springframework.web=DEBUG", "--logging.level.org.apache.coyote=DEBUG",
                    "--llmsvc.logs.flush-interval=20ms");
            String chat = "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":3}";
            String[][] calls = {
                    {"POST", "/v1/chat/completions", chat},
                    {"POST", "/v1/chat/completions", chat.replace("}", ",\"stream\":true}")},
                    {"POST", "/v1/completions", "{\"model\":\"tiny\",\"prompt\":\"Hi\",\"max_tokens\":3}"},
                    {"POST", "/v1/completions", "{\"model\":\"tiny\",\"prompt\":\"Hi\",\"max_tokens\":3,\"stream\":true}"},
                    {"POST", "/v1/embeddings", "{\"model\":\"tiny-embed\",\"input\":[\"a\",\"b\"]}"},
                    {"POST", "/v1/embeddings", "{\"model\":\"tiny\",\"input\":\"no embeddings here\"}"},
                    {"POST", "/v1/chat/completions", chat.replace("tiny", "no-such-model")},
                    {"POST", "/v1/chat/completions", "{broken json"},
                    {"POST", "/v1/chat/completions", "{\"model\":\"tiny\",\"messages\":\"wrong type\"}"},
                    {"GET", "/v1/models", null},
                    {"GET", "/v1/no-such-route", null},
                    {"POST", "/api/v1/chat", "{\"user_message\":\"hello\",\"model\":\"tiny\",\"max_tokens\":3}"},
                    {"POST", "/api/v1/chat", "{\"user_message\":\"\"}"},
                    {"GET", "/api/v1/logs?limit=5", null},
                    {"GET", "/api/v1/usage?group_by=key", null},
                    {"GET", "/api/v1/system/info", null},
            };
            String[] auths = {"Bearer " + VALID, "Bearer " + INVALID, "Basic " + VALID, VALID, null};
            for (String auth : auths) {
                for (String[] c : calls) {
                    HttpResponse<String> r = send(server, auth, c[0], c[1], c[2]);
                    seen.add(c[0] + " " + c[1] + " -> " + r.statusCode() + "\n" + r.headers().map() + "\n" + r.body());
                }
            }
            // the chat with the valid key worked, so the paths were really exercised
            assertThat(seen.getFirst()).contains(" -> 200");
            seen.add(http.send(HttpRequest.newBuilder(URI.create(server.url() + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } finally {
            if (server != null) server.close();   // flushes the request log
            System.setOut(out);
            System.setErr(err);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(logs).contains("/v1/chat/completions");   // debug logging really captured the requests
        String responses = String.join("\n", seen);
        String tables = dumpAllTables(server);
        assertThat(tables).contains("/v1/chat/completions").contains("invalid_api_key");
        for (String canary : CANARIES) {
            assertThat(logs).as("console output").doesNotContain(canary);
            assertThat(responses).as("responses and metrics").doesNotContain(canary);
            assertThat(tables).as("database tables").doesNotContain(canary);
        }
    }

    /** Every column of every row of every table, as text. */
    static String dumpAllTables(TestServer server) throws Exception {
        String url = "jdbc:h2:file:" + server.dir.resolve("data").resolve("db").resolve("llmsvc");
        StringBuilder sb = new StringBuilder();
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            DatabaseMetaData md = c.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = md.getTables(null, "PUBLIC", "%", new String[] {"TABLE"})) {
                while (rs.next()) tables.add(rs.getString("TABLE_NAME"));
            }
            assertThat(tables).isNotEmpty();
            for (String t : tables) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM \"" + t + "\"")) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) sb.append(rs.getString(i)).append('\t');
                        sb.append('\n');
                    }
                }
            }
        }
        return sb.toString();
    }
}
