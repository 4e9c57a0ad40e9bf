package io.llmsvc.gateway.keys;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.gateway.auth.KeyLimits;
import io.llmsvc.gateway.auth.Principal;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The keys API ({@code /api/v1/keys}). A user sees and changes only their own keys (another user's key is a 404);
 * an admin sees and changes all. The key itself is returned once, by the create call.
 */
@RestController
@ConditionalOnTarget(Target.GATEWAY)
class KeyEndpoints {
    static final int MAX_PAGE = 1000;
    private final ApiKeyStore store;
    private final ApiKeyAuthenticator authenticator;
    private final InstantSource clock = InstantSource.system();

    KeyEndpoints(ApiKeyStore store, ApiKeyAuthenticator authenticator) {
        this.store = store;
        this.authenticator = authenticator;
    }

    @PostMapping("/api/v1/keys")
    ResponseEntity<Map<String, Object>> create(@RequestBody(required = false) byte[] body, HttpServletRequest req) {
        Principal p = Principal.of(req).requireAccountManager("create keys");
        Instant now = clock.instant();
        KeyForm f = KeyForm.parse(body, now);
        if (f.name == null) throw LlmsvcException.invalid("name", "'name' is required");
        String key = KeySecrets.generate();
        ApiKey k = new ApiKey(UUID.randomUUID().toString(), p.userId(), f.name, KeySecrets.prefix(key), now, f.expiresAt,
                null, f.limits(KeyLimits.NONE), null);
        store.insert(k, KeySecrets.hash(key));
        Map<String, Object> view = view(k, now);
        view.put("key", key);
        return ResponseEntity.status(HttpStatus.CREATED).body(view);
    }

    @GetMapping("/api/v1/keys")
    Map<String, Object> list(@RequestParam(name = "user_id", required = false) String userId,
                             @RequestParam(name = "all", required = false) Boolean all,
                             @RequestParam(name = "limit", defaultValue = "100") int limit,
                             @RequestParam(name = "offset", defaultValue = "0") int offset,
                             HttpServletRequest req) {
        Principal p = Principal.of(req);
        if (limit < 1 || limit > MAX_PAGE) throw LlmsvcException.invalid("limit", "'limit' must be from 1 to " + MAX_PAGE);
        if (offset < 0) throw LlmsvcException.invalid("offset", "'offset' must be 0 or more");
        boolean everyone = Boolean.TRUE.equals(all);
        if (everyone && userId != null) throw LlmsvcException.invalid("all", "give either 'all' or 'user_id', not both");
        if ((everyone || (userId != null && !userId.equals(p.userId()))) && !p.isAdmin()) {
            throw new LlmsvcException(ErrorCode.FORBIDDEN, "only an admin can list other users' keys");
        }
        String owner = everyone ? null : userId != null ? userId : p.userId();
        Instant now = clock.instant();
        List<Map<String, Object>> data = new ArrayList<>();
        for (ApiKey k : store.list(owner, limit, offset)) data.add(view(k, now));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("object", "list");
        out.put("data", data);
        return out;
    }

    @GetMapping("/api/v1/keys/{id}")
    Map<String, Object> get(@PathVariable String id, HttpServletRequest req) {
        return view(owned(Principal.of(req), id), clock.instant());
    }

    @PatchMapping("/api/v1/keys/{id}")
    Map<String, Object> update(@PathVariable String id, @RequestBody(required = false) byte[] body, HttpServletRequest req) {
        Principal p = Principal.of(req).requireAccountManager("change keys");
        ApiKey k = owned(p, id);
        Instant now = clock.instant();
        KeyForm f = KeyForm.parse(body, now);
        if (k.revokedAt() != null) throw new LlmsvcException(ErrorCode.CONFLICT, "the API key is revoked and cannot be changed");
        ApiKey changed = new ApiKey(k.id(), k.userId(), f.name != null ? f.name : k.name(), k.prefix(), k.createdAt(),
                f.has("expires_at") ? f.expiresAt : k.expiresAt(), null, f.limits(k.limits()), k.lastUsedAt());
        if (!store.update(changed)) throw new LlmsvcException(ErrorCode.CONFLICT, "the API key is revoked and cannot be changed");
        authenticator.invalidate(k.id());
        return view(changed, now);
    }

    @DeleteMapping("/api/v1/keys/{id}")
    Map<String, Object> revoke(@PathVariable String id, HttpServletRequest req) {
        Principal p = Principal.of(req);
        // a limited key may revoke itself (that only takes power away), not the account's other keys
        if (p.key() == null || !p.key().id().equals(id)) p.requireAccountManager("revoke other keys");
        ApiKey k = owned(p, id);
        store.revoke(k.id(), clock.instant());
        authenticator.invalidate(k.id());
        return view(store.find(k.id()).orElse(k), clock.instant());
    }

    /** The key when the caller may see it; 404 (not 403) otherwise, so key ids of others are not confirmed. */
    private ApiKey owned(Principal p, String id) {
        if (id.length() <= 36) {
            var k = store.find(id);
            if (k.isPresent() && (p.isAdmin() || k.get().userId().equals(p.userId()))) return k.get();
        }
        throw new LlmsvcException(ErrorCode.NOT_FOUND, "API key '" + (id.length() <= 36 ? id : id.substring(0, 36) + "…") + "' not found");
    }

    static Map<String, Object> view(ApiKey k, Instant now) {
        KeyLimits l = k.limits();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", k.id());
        m.put("object", "api_key");
        m.put("name", k.name());
        m.put("prefix", k.prefix());
        m.put("user_id", k.userId());
        m.put("status", k.status(now));
        m.put("created_at", k.createdAt().toString());
        m.put("expires_at", str(k.expiresAt()));
        m.put("revoked_at", str(k.revokedAt()));
        m.put("last_used_at", str(k.lastUsedAt()));
        m.put("allowed_models", l.allowedModels() == null ? null : List.copyOf(l.allowedModels()));
        m.put("rpm", l.requestsPerMinute());
        m.put("tpm", l.tokensPerMinute());
        m.put("max_concurrent", l.maxConcurrent());
        m.put("budget_tokens", l.budgetTokens());
        m.put("budget_period", l.budgetPeriod());
        return m;
    }

    private static String str(Instant i) { return i == null ? null : i.toString(); }
}
