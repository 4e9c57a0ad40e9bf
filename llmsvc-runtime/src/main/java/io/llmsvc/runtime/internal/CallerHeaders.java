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
 * The {@link Caller} of an agent call between targets, in two headers: the user id and the comma list of roles, each
 * part percent-encoded. The agent trusts them because the call carries the cluster credential, which only the
 * gateway and other targets hold.
 */
public final class CallerHeaders {
    public static final String USER = "X-Llmsvc-Caller";
    public static final String ROLES = "X-Llmsvc-Caller-Roles";

    public static HttpRequest.Builder add(HttpRequest.Builder b, Caller caller) {
        StringBuilder roles = new StringBuilder();
        for (String r : caller.roles()) {
            if (!roles.isEmpty()) roles.append(',');
            roles.append(enc(r));
        }
        return b.setHeader(USER, enc(caller.userId())).setHeader(ROLES, roles.toString());
    }

    /** The caller a request names; 400 when it names none (a target calling without one is a bug, not a user). */
    public static Caller read(HttpServletRequest req) {
        String user = req.getHeader(USER);
        if (user == null || user.isBlank()) throw LlmsvcException.invalid(USER, "internal agent calls must name the caller (" + USER + ")");
        Set<String> roles = new LinkedHashSet<>();
        String raw = req.getHeader(ROLES);
        if (raw != null) {
            for (String r : raw.split(",")) {
                if (!r.isBlank()) roles.add(dec(r.strip()));
            }
        }
        return new Caller(dec(user.strip()), roles);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private CallerHeaders() {}
}
