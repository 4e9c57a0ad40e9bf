package io.llmsvc.gateway.chat;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.RateLimitedException;
import io.llmsvc.runtime.web.ErrorBodies;
import io.llmsvc.api.controller.ControllerApi;
import io.llmsvc.gateway.agents.Agents;
import io.llmsvc.gateway.auth.Principal;
import io.llmsvc.runtime.dispatch.WorkerRouter;
import io.llmsvc.gateway.exchange.Exchange;
import io.llmsvc.gateway.quota.Admission;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import io.llmsvc.runtime.web.ApiErrorMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seed 002's chat API: {@code POST /api/v1/chat}. Failures answer with the error's status and the same body shape
 * ({@code success: false}, {@code error_message}), as the seed's clients expect.
 */
@RestController
@ConditionalOnTarget(Target.GATEWAY)
class ChatEndpoints {
    private static final Logger log = LoggerFactory.getLogger(ChatEndpoints.class);
    /** Reads request bodies: a field given twice in one object is a 400 (duplicate field '...'). */
    private static final JsonMapper JSON = JsonMapper.builder().enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final ChatService service;
    private final ChatSessionStore store;

    ChatEndpoints(WorkerRouter router, ControllerApi controller, ChatSessionStore store, Admission admission, Agents agents,
                  io.llmsvc.gateway.agents.AgentAdmission agentAdmission) {
        this.service = new ChatService(router, controller, store, admission, new ChatRouting(agents), agentAdmission);
        this.store = store;
    }

    @PostMapping("/api/v1/chat")
    ResponseEntity<ChatApiResponse> chat(@RequestBody(required = false) byte[] body, HttpServletRequest req) {
        long start = System.nanoTime();
        String sessionId = null;
        try {
            if (body == null || body.length == 0) throw LlmsvcException.invalid(null, "the request body is empty; send a JSON object");
            ChatApiRequest r;
            try {
                r = JSON.readValue(body, ChatApiRequest.class);
            } catch (JacksonException e) {
                throw ApiErrorMapper.describeUnreadable(e);
            }
            sessionId = r.sessionId();
            ChatService.Result res = service.chat(Principal.of(req), Exchange.of(req), r);
            AnsweredBy by = res.answeredBy();
            return ResponseEntity.ok(new ChatApiResponse(res.sessionId(), res.text(), res.tokens(), seconds(start), true, null, res.model(), null,
                    by.intent(), by.agent(), by.confidence(), res.citations(), by.note(), by.method(), by.reason()));
        } catch (LlmsvcException e) {
            req.setAttribute(ErrorBodies.ERROR_CODE_ATTRIBUTE, e.code().code());
            var status = ResponseEntity.status(e.code().status());
            if (e instanceof RateLimitedException r) status.header("Retry-After", Long.toString(r.retryAfterSeconds()));
            return status
                    .body(ChatApiResponse.failure(sessionId, seconds(start), e.getMessage(), e.code().code()));
        } catch (RuntimeException e) {
            log.error("chat request failed", e);
            return ResponseEntity.status(500).body(ChatApiResponse.failure(sessionId, seconds(start),
                    "internal error; the server log has the details", ErrorCode.INTERNAL.code()));
        }
    }

    @GetMapping("/api/v1/chat/sessions/{id}")
    Map<String, Object> session(@PathVariable String id, HttpServletRequest req) {
        Principal p = Principal.of(req);
        var s = visible(p, id);
        List<Map<String, Object>> messages = store.storedMessages(s.key()).stream().map(ChatEndpoints::view).toList();
        return Map.of("session_id", s.id(), "title", s.title() == null ? "" : s.title(),
                "model", s.model() == null ? "" : s.model(), "messages", messages);
    }

    @DeleteMapping("/api/v1/chat/sessions/{id}")
    ResponseEntity<Void> delete(@PathVariable String id, HttpServletRequest req) {
        Principal p = Principal.of(req);
        var s = visible(p, id);
        store.delete(s.owner(), id);
        return ResponseEntity.noContent().build();
    }

    /** The caller's own session with this id; for an admin without one, another owner's (ids are unique per owner). */
    private ChatSessionStore.Session visible(Principal p, String id) {
        return store.find(p.userId(), id).or(() -> p.isAdmin() ? store.findAnyOwner(id) : java.util.Optional.empty())
                .orElseThrow(() -> notFound(id));
    }

    /** A stored message: role and content, and for an agent's answer who answered, the intent, confidence, citations. */
    static Map<String, Object> view(ChatSessionStore.StoredMessage m) {
        Map<String, Object> v = new java.util.LinkedHashMap<>();
        v.put("role", m.role());
        v.put("content", m.content());
        AnsweredBy by = m.answeredBy();
        if (by != null) {
            v.put("agent", by.agent());
            if (by.intent() != null) v.put("intent", by.intent());
            if (by.confidence() != null) v.put("confidence", by.confidence());
            if (by.note() != null) v.put("note", by.note());
            if (!by.citations().isEmpty()) v.put("citations", by.citations());
            if (by.method() != null) v.put("method", by.method());
            if (by.reason() != null) v.put("reason", by.reason());
        }
        return v;
    }

    private static LlmsvcException notFound(String id) {
        return new LlmsvcException(ErrorCode.NOT_FOUND, "no chat session '" + id + "'");
    }

    private static double seconds(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 1e6) / 1000.0;
    }
}
