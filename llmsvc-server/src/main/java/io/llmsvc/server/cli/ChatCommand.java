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
 * arrive (FastChat's CLI). Commands: {@code /reset} forgets the conversation, {@code /exit} quits.
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

    public int run(String[] args) throws IOException, InterruptedException {
        String url = env("LLMSVC_URL", "http://localhost:" + env("SERVER_PORT", "8080"));
        String model = null;
        String system = null;
        Integer maxTokens = null;
        String key = System.getenv("LLMSVC_API_KEY");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--model" -> model = args[++i];
                case "--system" -> system = args[++i];
                case "--key" -> key = args[++i];
                case "--max-tokens" -> maxTokens = Integer.valueOf(args[++i]);
                default -> {
                    System.err.println("llmsvc chat: unknown option " + args[i]);
                    return 2;
                }
            }
        }
        if (key == null || key.isBlank()) {
            System.err.println("llmsvc chat: set LLMSVC_API_KEY (the admin key printed at first start) or pass --key");
            return 2;
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        if (model == null) {
            model = firstModel(http, url, key);
            if (model == null) return 1;
        }
        out.println("chatting with " + model + " at " + url + " (/reset, /exit)");
        List<ObjectNode> history = new ArrayList<>();
        while (true) {
            out.print("user> ");
            out.flush();
            String line = in.readLine();
            if (line == null || line.strip().equals("/exit")) return 0;
            if (line.isBlank()) continue;
            if (line.strip().equals("/reset")) {
                history.clear();
                out.println("(conversation cleared)");
                continue;
            }
            history.add(msg("user", line));
            out.print("assistant> ");
            String answer = streamAnswer(http, url, key, model, system, maxTokens, history);
            out.println();
            if (answer == null) history.removeLast();
            else history.add(msg("assistant", answer));
        }
    }

    private String firstModel(HttpClient http, String url, String key) throws IOException, InterruptedException {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/models"))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) {
            System.err.println("llmsvc chat: " + errorMessage(res.body(), res.statusCode()));
            return null;
        }
        JsonNode data = JSON.readTree(res.body()).path("data");
        if (data.isEmpty()) {
            System.err.println("llmsvc chat: no model is loaded; put a .gguf file into the models directory or configure an upstream");
            return null;
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

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }
}
