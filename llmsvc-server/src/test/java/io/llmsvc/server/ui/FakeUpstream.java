package io.llmsvc.server.ui;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OpenAI-compatible server whose model answers with hostile HTML: what a prompt-injected or malicious model
 * could send, and images from another site (beacons). The UI must render it inert and load nothing from elsewhere.
 */
final class FakeUpstream implements AutoCloseable {
    static final String ANSWER = "Here is **bold** text <img src=x onerror=\"window.__xss='img'\"> and "
            + "<script>window.__xss='script'</script> a [link](javascript:window.__xss='link') "
            + "<a href=\"javascript:window.__xss='a'\">click</a> <svg onload=\"window.__xss='svg'\"></svg>\n\n"
            // an image from another site would tell it who read the answer and when
            + "![tracker](http://example.invalid/a.png) <img src=\"https://example.invalid/b.png\" alt=\"\"> ![inline](data:image/gif;base64,R0lGODlhAQABAAAAACw=)\n\n"
            + "```python\ndef hello():\n    return \"<b>not html</b>\"\n```\n";
    private final HttpServer server;

    FakeUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        JsonMapper json = JsonMapper.builder().build();
        server.createContext("/v1/chat/completions", ex -> {
            String req = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String content = json.writeValueAsString(ANSWER);
            byte[] body;
            if (req.contains("\"stream\":true")) {
                ex.getResponseHeaders().set("Content-Type", "text/event-stream");
                StringBuilder sb = new StringBuilder();
                sb.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"evil-model\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":")
                        .append(content).append("},\"finish_reason\":null}]}\n\n");
                sb.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"evil-model\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":40,\"total_tokens\":45}}\n\n");
                sb.append("data: [DONE]\n\n");
                body = sb.toString().getBytes(StandardCharsets.UTF_8);
            } else {
                ex.getResponseHeaders().set("Content-Type", "application/json");
                body = ("{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"evil-model\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":" + content + "},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":40,\"total_tokens\":45}}").getBytes(StandardCharsets.UTF_8);
            }
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    String baseUrl() { return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1"; }

    @Override
    public void close() { server.stop(0); }
}
