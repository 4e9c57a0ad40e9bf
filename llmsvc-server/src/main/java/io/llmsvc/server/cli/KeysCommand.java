package io.llmsvc.server.cli;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * {@code llmsvc keys list|create|revoke}: the caller's API keys through the running server's {@code /api/v1/keys}
 * (with {@code --key}; the key used decides whose keys they are, an admin may list another user's with
 * {@code --user}). Through the API only, never on the database: a key is made where its hash is stored and its
 * revocation must reach the server's key cache at once, and only the server knows whose key {@code --key} is.
 */
public final class KeysCommand {
    static final String USAGE = """
            usage: llmsvc keys list [--user USER_ID] [--url URL] [--key KEY]
                   llmsvc keys create --name NAME [--rpm N] [--tpm N] [--max-concurrent N] [--budget-tokens N [--budget-period day|month]]
                                      [--allowed-models ID,ID...] [--expires-in-days N] [--url URL] [--key KEY]
                   llmsvc keys revoke <key-id> [--url URL] [--key KEY]
              through the running server's API at --url (LLMSVC_URL, default the local one) with --key (LLMSVC_API_KEY):
              the keys of the user that key belongs to; --user lists another user's keys (admins only)
              create prints the new key once (only its hash is stored) and its id
            """;
    private static final int PAGE = 1000;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public KeysCommand() {
        this(System.out, System.err, System.getenv());
    }

    KeysCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public int run(String[] args) {
        try {
            return execute(args);
        } catch (CliException e) {
            err.println("llmsvc keys: " + e.getMessage());
            return e.status();
        }
    }

    private int execute(String[] args) {
        if (args.length == 0 || !Set.of("list", "create", "revoke").contains(args[0])) {
            err.print(USAGE);
            return 2;
        }
        String sub = args[0];
        Set<String> valued = switch (sub) {
            case "list" -> Set.of("--user", "--url", "--key");
            case "create" -> Set.of("--name", "--rpm", "--tpm", "--max-concurrent", "--budget-tokens", "--budget-period",
                    "--allowed-models", "--expires-in-days", "--url", "--key");
            default -> Set.of("--url", "--key");
        };
        CliArgs a = CliArgs.parse(Arrays.copyOfRange(args, 1, args.length), valued, Set.of(), false);
        int positional = sub.equals("revoke") ? 1 : 0;
        if (a.positional().size() != positional) {
            throw new CliException(positional == 1 ? "give the id of one key to revoke: llmsvc keys revoke <key-id> (llmsvc keys list shows them)"
                    : "unexpected argument " + a.positional().getFirst() + " (llmsvc keys " + sub + " takes only options; llmsvc keys shows them)", 2);
        }
        Map<String, Object> body = sub.equals("create") ? createBody(a) : null;
        CliServer server = CliServer.of(a.value("--url"), a.value("--key"), env);
        if (!server.isUp()) {
            throw new CliException("no server answers at " + server.url() + ": start it with bin/llmsvc (keys are managed"
                    + " through the server's API only), or pass --url (or LLMSVC_URL)");
        }
        switch (sub) {
            case "list" -> list(server, a.value("--user"));
            case "create" -> {
                JsonNode k = server.call("POST", "/api/v1/keys", body);
                out.println("created key " + k.path("name").asString() + " (id " + k.path("id").asString() + ", user "
                        + k.path("user_id").asString() + limits(k) + ") on " + server.url());
                out.println("  " + k.path("key").asString());
                out.println("This is the only time the key is shown (only its hash is stored): keep it now.");
            }
            default -> {
                JsonNode k = server.call("DELETE", "/api/v1/keys/" + enc(a.positional().getFirst()), null);
                out.println("revoked key " + k.path("name").asString() + " (id " + k.path("id").asString() + ", prefix "
                        + k.path("prefix").asString() + ", status " + k.path("status").asString() + ")");
            }
        }
        return 0;
    }

    private static Map<String, Object> createBody(CliArgs a) {
        String name = a.value("--name");
        if (name == null || name.isBlank()) throw new CliException("--name NAME is required: what the key is for, e.g. llmsvc keys create --name laptop", 2);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        for (String flag : List.of("--rpm", "--tpm", "--max-concurrent", "--budget-tokens", "--expires-in-days")) {
            String v = a.value(flag);
            if (v != null) body.put(flag.substring(2).replace('-', '_'), positive(flag, v));
        }
        String period = a.value("--budget-period");
        if (period != null) {
            if (!period.equals("day") && !period.equals("month")) throw new CliException("--budget-period must be day or month, got '" + period + "'", 2);
            if (a.value("--budget-tokens") == null) throw new CliException("--budget-period needs --budget-tokens N", 2);
            body.put("budget_period", period);
        }
        String models = a.value("--allowed-models");
        if (models != null) {
            List<String> ids = Arrays.stream(models.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            if (ids.isEmpty()) throw new CliException("--allowed-models needs model ids separated by commas, e.g. --allowed-models tiny,qwen", 2);
            body.put("allowed_models", ids);
        }
        return body;
    }

    private static long positive(String flag, String v) {
        try {
            long n = Long.parseLong(v.strip());
            if (n >= 1) return n;
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        throw new CliException(flag + " must be a whole number of 1 or more, got '" + v + "'", 2);
    }

    private void list(CliServer server, String user) {
        String query = user == null ? "" : "&user_id=" + enc(user);
        List<JsonNode> keys = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            JsonNode data = server.call("GET", "/api/v1/keys?limit=" + PAGE + "&offset=" + offset + query, null).path("data");
            data.forEach(keys::add);
            if (data.size() < PAGE) break;
        }
        if (keys.isEmpty()) {
            out.println("no API keys" + (user == null ? " for this key's user" : " for user " + user)
                    + " (make one with llmsvc keys create --name NAME)");
            return;
        }
        String fmt = "%-36s  %-20s  %-16s  %-7s  %-20s  %-20s  %s%n";
        out.printf(fmt, "ID", "NAME", "PREFIX", "STATUS", "CREATED", "EXPIRES", "LIMITS");
        for (JsonNode k : keys) {
            String lim = limits(k);
            out.printf(fmt, k.path("id").asString(), k.path("name").asString(), k.path("prefix").asString(), k.path("status").asString(),
                    seconds(k.path("created_at").asString("")), seconds(k.path("expires_at").asString("-")),
                    lim.isEmpty() ? "-" : lim.substring(2));
        }
    }

    /** The key's limits as {@code , rpm 10, budget 1000/month}, empty when it has none. */
    private static String limits(JsonNode k) {
        StringBuilder b = new StringBuilder();
        for (String f : List.of("rpm", "tpm", "max_concurrent")) {
            if (k.path(f).isNumber()) b.append(", ").append(f.replace('_', '-')).append(' ').append(k.path(f).asLong());
        }
        if (k.path("budget_tokens").isNumber()) {
            b.append(", budget ").append(k.path("budget_tokens").asLong()).append('/').append(k.path("budget_period").asString("month"));
        }
        if (k.path("allowed_models").isArray()) {
            List<String> m = new ArrayList<>();
            k.path("allowed_models").forEach(n -> m.add(n.asString()));
            m.sort(null); // the server keeps them as a set: sorted, the line is the same every time
            b.append(", models ").append(String.join(",", m));
        }
        return b.toString();
    }

    private static String seconds(String instant) {
        int dot = instant.indexOf('.');
        return dot > 0 && instant.endsWith("Z") ? instant.substring(0, dot) + "Z" : instant;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
