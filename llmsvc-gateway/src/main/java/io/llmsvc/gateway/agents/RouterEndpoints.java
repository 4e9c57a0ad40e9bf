package io.llmsvc.gateway.agents;

import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.agents.IntentAnalysis;
import io.llmsvc.api.agents.RouteDecision;
import io.llmsvc.gateway.auth.Principal;
import io.llmsvc.gateway.exchange.Exchange;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import io.llmsvc.runtime.web.StrictJson;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Seed 001's router agent through the gateway: {@code POST /api/router/analyze} and {@code /route} with
 * {@code {"message"}}, {@code GET /api/router/intents}. Any signed-in caller may use them; 503 when the router is
 * not part of the deployment.
 */
@RestController
@ConditionalOnTarget(Target.GATEWAY)
class RouterEndpoints {
    static final int MAX_MESSAGE_CHARS = 100_000;

    private final Agents agents;

    RouterEndpoints(Agents agents) {
        this.agents = agents;
    }

    record MessageBody(String message) {}

    @PostMapping(path = "/api/router/analyze", consumes = MediaType.APPLICATION_JSON_VALUE)
    IntentAnalysis analyze(@RequestBody(required = false) byte[] body, HttpServletRequest req) {
        Principal.of(req);
        String message = message(body);
        return Agents.call(Exchange.of(req), Agents.ROUTER, () -> agents.requireRouter().analyzeIntent(message));
    }

    @PostMapping(path = "/api/router/route", consumes = MediaType.APPLICATION_JSON_VALUE)
    RouteDecision route(@RequestBody(required = false) byte[] body, HttpServletRequest req) {
        Principal.of(req);
        String message = message(body);
        return Agents.call(Exchange.of(req), Agents.ROUTER, () -> agents.requireRouter().routeMessage(message));
    }

    @GetMapping("/api/router/intents")
    Map<String, Object> intents(HttpServletRequest req) {
        Principal.of(req);
        var intents = Agents.call(Exchange.of(req), Agents.ROUTER, () -> agents.requireRouter().listIntents());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("object", "list");
        out.put("data", intents);
        return out;
    }

    private static String message(byte[] body) {
        MessageBody m = StrictJson.read(body, MessageBody.class);
        if (m.message() == null || m.message().isBlank()) throw LlmsvcException.invalid("message", "message must be a non-empty string");
        if (m.message().length() > MAX_MESSAGE_CHARS) {
            throw LlmsvcException.invalid("message", "message is longer than " + MAX_MESSAGE_CHARS + " characters");
        }
        return m.message();
    }
}
