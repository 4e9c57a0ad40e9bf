package io.llmsvc.gateway.chat;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.agents.Citation;
import io.llmsvc.gateway.auth.Principal;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import io.llmsvc.runtime.web.ApiErrorMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The caller's own chat history, as the web UI keeps it: list (newest first, title search), create, rename, and
 * append the messages of an exchange the browser streamed from {@code /v1/chat/completions} or got from an agent
 * (with who answered). Every route is scoped
 * to the caller: another user's session answers 404, as an unknown one does.
 */
@RestController
@ConditionalOnTarget(Target.GATEWAY)
class ChatSessionEndpoints {
    static final int MAX_TITLE = 200;
    static final int MAX_MESSAGES_PER_CALL = 20;
    static final int MAX_CITATIONS = 50;
    private static final Set<String> ROLES = Set.of("user", "assistant", "system");
    private static final Set<String> MESSAGE_FIELDS = Set.of("role", "content", "agent", "intent", "confidence", "note", "citations", "method", "reason");
    private static final Set<String> CITATION_FIELDS = Set.of("number", "document_id", "chunk_id", "title", "source", "page", "text");
    /** Reads request bodies: a field given twice in one object is a 400 (duplicate field '...'). */
    private static final JsonMapper JSON = JsonMapper.builder().enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final ChatSessionStore store;

    ChatSessionEndpoints(ChatSessionStore store) {
        this.store = store;
    }

    @GetMapping("/api/v1/chat/sessions")
    Map<String, Object> list(@RequestParam(required = false) String q, @RequestParam(required = false) String limit,
                             @RequestParam(required = false) String offset, HttpServletRequest req) {
        Principal p = Principal.of(req);
        int l = intParam("limit", limit, 50, 1, 1000);
        int o = intParam("offset", offset, 0, 0, Integer.MAX_VALUE);
        if (q != null && q.length() > MAX_TITLE) throw LlmsvcException.invalid("q", "q is longer than " + MAX_TITLE + " characters");
        ChatSessionStore.Page page = store.list(p.userId(), q, l, o);
        List<Map<String, Object>> data = new ArrayList<>(page.sessions().size());
        for (ChatSessionStore.Session s : page.sessions()) data.add(view(s));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("object", "list");
        out.put("data", data);
        out.put("total", page.total());
        out.put("limit", l);
        out.put("offset", o);
        return out;
    }

    @PostMapping(path = "/api/v1/chat/sessions", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> create(@RequestBody(required = false) byte[] body, HttpServletRequest req) {
        Principal p = Principal.of(req);
        JsonNode n = object(body, true);
        allowOnly(n, Set.of("title", "model"));
        String title = optionalText(n, "title", MAX_TITLE);
        String model = optionalText(n, "model", 256);
        var s = store.create(p.userId(), UUID.randomUUID().toString(), title, model);
        return ResponseEntity.status(HttpStatus.CREATED).body(view(s));
    }

    @PatchMapping(path = "/api/v1/chat/sessions/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> rename(@PathVariable String id, @RequestBody(required = false) byte[] body, HttpServletRequest req) {
        Principal p = Principal.of(req);
        JsonNode n = object(body, false);
        allowOnly(n, Set.of("title"));
        String title = optionalText(n, "title", MAX_TITLE);
        if (title == null || title.isBlank()) throw LlmsvcException.invalid("title", "title must be a non-empty string");
        if (!store.rename(p.userId(), id, title.strip())) throw notFound(id);
        return view(store.find(p.userId(), id).orElseThrow(() -> notFound(id)));
    }

    @PostMapping(path = "/api/v1/chat/sessions/{id}/messages", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> append(@PathVariable String id, @RequestBody(required = false) byte[] body, HttpServletRequest req) {
        Principal p = Principal.of(req);
        JsonNode n = object(body, false);
        allowOnly(n, Set.of("messages", "model", "replace_from"));
        String model = optionalText(n, "model", 256);
        Integer replaceFrom = null;
        if (n.has("replace_from") && !n.get("replace_from").isNull()) {
            JsonNode r = n.get("replace_from");
            if (!r.isIntegralNumber() || r.asLong() < 0 || r.asLong() > Integer.MAX_VALUE) {
                throw LlmsvcException.invalid("replace_from", "replace_from must be a message index (0 or more)");
            }
            replaceFrom = r.asInt();
        }
        JsonNode ms = n.get("messages");
        if (ms == null || !ms.isArray() || ms.isEmpty() || ms.size() > MAX_MESSAGES_PER_CALL) {
            throw LlmsvcException.invalid("messages", "messages must be an array of 1-" + MAX_MESSAGES_PER_CALL + " {role, content} objects");
        }
        List<ChatSessionStore.StoredMessage> add = new ArrayList<>();
        for (int i = 0; i < ms.size(); i++) add.add(message(ms.get(i), "messages[" + i + "]"));
        int count = store.appendStored(p.userId(), id, model, add, replaceFrom);
        if (count < 0) throw notFound(id);
        Map<String, Object> out = view(store.find(p.userId(), id).orElseThrow(() -> notFound(id)));
        out.put("message_count", count);
        return out;
    }

    /**
     * One message to store: {@code role} and {@code content}, and on an assistant message who answered it
     * ({@code agent}, {@code intent}, {@code confidence}, {@code note}, {@code citations}, {@code method},
     * {@code reason} — as the chat page got them from the router and the agent).
     */
    private static ChatSessionStore.StoredMessage message(JsonNode m, String at) {
        if (!m.isObject()) throw LlmsvcException.invalid(at, at + " must be an object");
        for (String f : m.propertyNames()) {
            if (!MESSAGE_FIELDS.contains(f)) throw LlmsvcException.invalid(at + "." + f, "unknown field '" + f + "' in " + at);
        }
        String role = m.path("role").isString() ? m.get("role").asString() : "";
        if (!ROLES.contains(role)) throw LlmsvcException.invalid(at + ".role", at + ".role must be user, assistant or system");
        if (!m.path("content").isString()) throw LlmsvcException.invalid(at + ".content", at + ".content must be a string");
        String content = m.get("content").asString();
        if (content.length() > ChatService.MAX_MESSAGE_CHARS) {
            throw LlmsvcException.invalid(at + ".content", at + ".content is longer than " + ChatService.MAX_MESSAGE_CHARS + " characters");
        }
        if (!m.has("agent")) {
            for (String f : List.of("intent", "confidence", "note", "citations", "method", "reason")) {
                if (m.has(f)) throw LlmsvcException.invalid(at + "." + f, at + "." + f + " needs " + at + ".agent");
            }
            return new ChatSessionStore.StoredMessage(role, content, null);
        }
        if (!role.equals("assistant")) throw LlmsvcException.invalid(at + ".agent", "only assistant messages name an agent");
        String agent = optionalText(m, "agent", 32, at);
        if (agent == null || !agent.matches("[a-z_]{1,32}")) throw LlmsvcException.invalid(at + ".agent", at + ".agent must be a name like documents or general");
        String intent = optionalText(m, "intent", 64, at);
        Double confidence = null;
        JsonNode c = m.get("confidence");
        if (c != null && !c.isNull()) {
            if (!c.isNumber() || c.asDouble() < 0 || c.asDouble() > 1) throw LlmsvcException.invalid(at + ".confidence", at + ".confidence must be a number between 0 and 1");
            confidence = c.asDouble();
        }
        String note = optionalText(m, "note", 1000, at);
        String method = optionalText(m, "method", 16, at);
        if (method != null && !AnsweredBy.METHODS.contains(method)) throw LlmsvcException.invalid(at + ".method", at + ".method must be llm, extractive or none");
        String reason = optionalText(m, "reason", 32, at);
        if (reason != null && !AnsweredBy.REASONS.contains(reason)) {
            throw LlmsvcException.invalid(at + ".reason", at + ".reason must be no_model, context_too_small or model_failed");
        }
        return new ChatSessionStore.StoredMessage(role, content, new AnsweredBy(agent, intent, confidence, note,
                citations(m.get("citations"), at + ".citations"), method, reason));
    }

    private static List<Citation> citations(JsonNode cs, String at) {
        if (cs == null || cs.isNull()) return List.of();
        if (!cs.isArray() || cs.size() > MAX_CITATIONS) throw LlmsvcException.invalid(at, at + " must be an array of at most " + MAX_CITATIONS + " citations");
        List<Citation> out = new ArrayList<>();
        for (int i = 0; i < cs.size(); i++) {
            JsonNode c = cs.get(i);
            String ci = at + "[" + i + "]";
            if (!c.isObject()) throw LlmsvcException.invalid(ci, ci + " must be an object");
            for (String f : c.propertyNames()) {
                if (!CITATION_FIELDS.contains(f)) throw LlmsvcException.invalid(ci + "." + f, "unknown field '" + f + "' in " + ci);
            }
            JsonNode n = c.get("number");
            if (n == null || !n.isIntegralNumber() || n.asLong() < 1 || n.asLong() > 1000) throw LlmsvcException.invalid(ci + ".number", ci + ".number must be 1-1000");
            String doc = optionalText(c, "document_id", 128, ci);
            String chunk = optionalText(c, "chunk_id", 256, ci);
            if (doc == null || chunk == null) throw LlmsvcException.invalid(ci, ci + " needs document_id and chunk_id");
            Integer page = null;
            JsonNode pg = c.get("page");
            if (pg != null && !pg.isNull()) {
                if (!pg.isIntegralNumber() || pg.asLong() < 0 || pg.asLong() > 1_000_000) throw LlmsvcException.invalid(ci + ".page", ci + ".page must be a page number");
                page = pg.asInt();
            }
            // the passage text is not stored: opening the citation fetches it, with the reader's access checked
            out.add(new Citation(n.asInt(), doc, chunk, optionalText(c, "title", 500, ci), optionalText(c, "source", 2048, ci), page, null));
        }
        return out;
    }

    static Map<String, Object> view(ChatSessionStore.Session s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session_id", s.id());
        m.put("title", s.title() == null ? "" : s.title());
        m.put("model", s.model() == null ? "" : s.model());
        m.put("created_at", s.createdAt().toString());
        m.put("updated_at", s.updatedAt().toString());
        return m;
    }

    private static JsonNode object(byte[] body, boolean emptyAllowed) {
        if (body == null || body.length == 0) {
            if (emptyAllowed) return JSON.createObjectNode();
            throw LlmsvcException.invalid(null, "the request body is empty; send a JSON object");
        }
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (JacksonException e) {
            throw ApiErrorMapper.describeUnreadable(e);
        }
        if (n == null || !n.isObject()) throw LlmsvcException.invalid(null, "the request body must be a JSON object");
        return n;
    }

    private static void allowOnly(JsonNode n, Set<String> fields) {
        for (String f : n.propertyNames()) {
            if (!fields.contains(f)) throw LlmsvcException.invalid(f, "unknown field '" + f + "'");
        }
    }

    private static String optionalText(JsonNode n, String field, int max) {
        return optionalText(n, field, max, null);
    }

    /** @param at where {@code n} sits in the body ({@code messages[0]}), or null for the top level */
    private static String optionalText(JsonNode n, String field, int max, String at) {
        String name = at == null ? field : at + "." + field;
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isString()) throw LlmsvcException.invalid(name, name + " must be a string");
        String s = v.asString();
        if (s.length() > max) throw LlmsvcException.invalid(name, name + " is longer than " + max + " characters");
        return s;
    }

    private static int intParam(String name, String raw, int dflt, int min, int max) {
        if (raw == null) return dflt;
        try {
            int v = Integer.parseInt(raw);
            if (v >= min && v <= max) return v;
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw LlmsvcException.invalid(name, name + " must be an integer between " + min + " and " + max);
    }

    private static LlmsvcException notFound(String id) {
        return new LlmsvcException(ErrorCode.NOT_FOUND, "no chat session '" + id + "'");
    }
}
