package io.llmsvc.runtime.internal;

import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.agents.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The {@link Caller} of an agent call between targets, in headers: the user id, the comma list of roles and, for a key
 * limited to some models, the comma list of those models, each part percent-encoded. The agent trusts them because the call carries the cluster credential, which only the
 * gateway and other targets hold.
 */
public final class CallerHeaders {
    public static final String USER = "X-Llmsvc-Caller";
    public static final String ROLES = "X-Llmsvc-Caller-Roles";
    public static final String MODELS = "X-Llmsvc-Caller-Models";

    public static HttpRequest.Builder add(HttpRequest.Builder b, Caller caller) {
        b.setHeader(USER, enc(caller.userId())).setHeader(ROLES, list(caller.roles()));
        if (caller.allowedModels() != null) b.setHeader(MODELS, list(caller.allowedModels()));
        return b;
    }

    private static String list(Set<String> items) {
        StringBuilder out = new StringBuilder();
        for (String r : items) {
            if (!out.isEmpty()) out.append(',');
            out.append(enc(r));
        }
        return out.toString();
    }

    private static Set<String> parse(String raw) {
        Set<String> out = new LinkedHashSet<>();
        if (raw != null) {
            for (String r : raw.split(",")) {
                if (!r.isBlank()) out.add(dec(r.strip()));
            }
        }
        return out;
    }

    /** The caller a request names; 400 when it names none (a target calling without one is a bug, not a user). */
    public static Caller read(HttpServletRequest req) {
        String user = req.getHeader(USER);
        if (user == null || user.isBlank()) throw LlmsvcException.invalid(USER, "internal agent calls must name the caller (" + USER + ")");
        String models = req.getHeader(MODELS);
        return new Caller(dec(user.strip()), parse(req.getHeader(ROLES)), models == null ? null : parse(models));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private CallerHeaders() {}
}
