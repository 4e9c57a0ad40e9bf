package io.llmsvc.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code llmsvc chat}: a terminal chat over the gateway's {@code /v1/chat/completions}, streaming tokens as they
 * arrive (FastChat's CLI). Commands: {@code /help}, {@code /reset} forgets the conversation, {@code /exit} quits.
 */
public final class ChatCommand {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final BufferedReader in;
    private final PrintStream out;

    public ChatCommand() {
        this(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out);
    }

    ChatCommand(BufferedReader in, PrintStream out) {
        this.in = in;
        this.out = out;
    }

    static final String USAGE = "usage: llmsvc chat [--url URL] [--key KEY] [--model ID] [--system TEXT] [--max-tokens N]\n"
            + "  --url: LLMSVC_URL, default the local server; --key: LLMSVC_API_KEY (an API key, or the admin key printed at first start)\n";
    static final String HELP = "commands: /help this list, /reset forget the conversation, /exit quit (also Ctrl-D)";

    public int run(String[] args) throws IOException, InterruptedException {
        try {
            return chat(args);
        } catch (CliException e) {
            System.err.println("llmsvc chat: " + e.getMessage());
            if (e.status() == 2) System.err.print(USAGE);
            return e.status();
        }
    }

    private int chat(String[] args) throws IOException, InterruptedException {
        CliArgs a = CliArgs.parse(args, java.util.Set.of("--url", "--key", "--model", "--system", "--max-tokens"), java.util.Set.of());
        if (!a.positional().isEmpty() || !a.settings().isEmpty()) {
            throw new CliException("unexpected argument " + (a.positional().isEmpty() ? a.settings() : a.positional()).getFirst(), 2);
        }
        CliServer server = CliServer.of(a.value("--url"), a.value("--key"), System.getenv());
        String url = server.url();
        String model = a.value("--model");
        String system = a.value("--system");
        Integer maxTokens = null;
        if (a.value("--max-tokens") != null) {
            try {
                maxTokens = Integer.valueOf(a.value("--max-tokens"));
            } catch (NumberFormatException e) {
                throw new CliException("--max-tokens needs a whole number, got '" + a.value("--max-tokens") + "'", 2);
            }
        }
        String key = a.value("--key") != null ? a.value("--key") : System.getenv("LLMSVC_API_KEY");
        if (key == null || key.isBlank()) {
            throw new CliException("no API key: set LLMSVC_API_KEY or pass --key (an API key from the web UI, or the admin key printed at first start)", 2);
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(java.time.Duration.ofSeconds(3)).build();
        try {
            if (model == null) {
                model = firstModel(http, url, key);
                if (model == null) return 1;
            }
            out.println("chatting with " + model + " at " + url + " (" + HELP + ")");
            List<ObjectNode> history = new ArrayList<>();
            while (true) {
                out.print("user> ");
                out.flush();
                String line = in.readLine();
                if (line == null || line.strip().equals("/exit")) return 0;
                if (line.isBlank()) continue;
                String cmd = line.strip();
                if (cmd.equals("/reset")) {
                    history.clear();
                    out.println("(conversation cleared)");
                    continue;
                }
                if (cmd.equals("/help") || cmd.equals("/?")) {
                    out.println(HELP);
                    continue;
                }
                if (cmd.startsWith("/") && !cmd.startsWith("//") && cmd.indexOf(' ') < 0) {
                    out.println("unknown command " + cmd + "; " + HELP + " (start a message with // to send a leading /)");
                    continue;
                }
                if (cmd.startsWith("//")) line = line.replaceFirst("//", "/");
                history.add(msg("user", line));
                out.print("assistant> ");
                String answer = streamAnswer(http, url, key, model, system, maxTokens, history);
                out.println();
                if (answer == null) history.removeLast();
                else history.add(msg("assistant", answer));
            }
        } catch (IOException e) {
            throw server.unreachable(e);
        }
    }

    private String firstModel(HttpClient http, String url, String key) throws IOException, InterruptedException {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/models"))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) {
            throw new CliException(errorMessage(res.body(), res.statusCode()));
        }
        JsonNode data = JSON.readTree(res.body()).path("data");
        if (data.isEmpty()) {
            throw new CliException("no model is loaded; put a .gguf file into the models directory or configure an upstream");
        }
        return data.get(0).path("id").asString();
    }

    /** Streams one answer to the terminal; returns its text, or null after an error (already printed). */
    private String streamAnswer(HttpClient http, String url, String key, String model, String system,
                                Integer maxTokens, List<ObjectNode> history) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        body.put("stream", true);
        if (maxTokens != null) body.put("max_tokens", maxTokens);
        ArrayNode messages = body.putArray("messages");
        if (system != null) messages.add(msg("system", system));
        history.forEach(messages::add);
        HttpResponse<InputStream> res = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/chat/completions"))
                        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (res.statusCode() != 200) {
            try (InputStream is = res.body()) {
                out.print("[error] " + errorMessage(new String(is.readAllBytes(), StandardCharsets.UTF_8), res.statusCode()));
            }
            return null;
        }
        StringBuilder text = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.startsWith("data: ")) continue;
                String data = line.substring(6);
                if (data.equals("[DONE]")) break;
                JsonNode ev = JSON.readTree(data);
                if (ev.has("error")) {
                    out.print(" [error] " + ev.path("error").path("message").asString());
                    return null;
                }
                String piece = ev.path("choices").path(0).path("delta").path("content").asString("");
                text.append(piece);
                out.print(piece);
                out.flush();
            }
        }
        return text.toString();
    }

    private static String errorMessage(String body, int status) {
        try {
            return JSON.readTree(body).path("error").path("message").asString("HTTP " + status);
        } catch (RuntimeException e) {
            return "HTTP " + status;
        }
    }

    private static ObjectNode msg(String role, String content) {
        ObjectNode m = JSON.createObjectNode();
        m.put("role", role);
        m.put("content", content);
        return m;
    }
}
