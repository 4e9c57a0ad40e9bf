package io.llmsvc.server.cli;

import io.llmsvc.api.LlmsvcException;
import io.llmsvc.gateway.users.User;
import io.llmsvc.gateway.users.UserAccounts;
import io.llmsvc.gateway.users.UsersProperties;
import io.llmsvc.runtime.config.InvalidSettingException;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code llmsvc users create [--admin] [--role R]... [--display-name N] <username>} and {@code llmsvc users list}.
 * With a server up at {@code --url} they go through its admin API (with {@code --key}); with none they work
 * straight on the configured database (settings resolved as the server does: flags, environment,
 * {@code application.yaml}), for the first admin before anyone can log in. The password comes from
 * {@code LLMSVC_ADMIN_PASSWORD}, else from the terminal without echo (asked twice), else from the first line of stdin.
 */
public final class UsersCommand {
    static final String USAGE = """
            usage: llmsvc users create [--admin] [--role ROLE]... [--display-name NAME] <username> [--url URL] [--key KEY] [--name=value ...]
                   llmsvc users list [--url URL] [--key KEY] [--name=value ...]
              a server up at --url (LLMSVC_URL, default the local one): through its admin API with --key (LLMSVC_API_KEY)
              no server up: straight on the database (LLMSVC_DATABASE_URL / _USER / _PASSWORD, else H2 under LLMSVC_DATA_DIR)
              password: LLMSVC_ADMIN_PASSWORD, else asked on the terminal, else the first line of stdin
            """;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Console console;

    public UsersCommand() {
        this(System.in, System.out, System.err, System.getenv(), System.console());
    }

    /** For tests: no terminal, the given stdin and environment. */
    public UsersCommand(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        this(in, out, err, env, null);
    }

    private UsersCommand(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, Console console) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = env;
        this.console = console;
    }

    public int run(String[] args) {
        try {
            return execute(args);
        } catch (CliException e) {
            err.println("llmsvc users: " + e.getMessage());
            return e.status();
        }
    }

    private int execute(String[] args) {
        if (args.length == 0 || !(args[0].equals("create") || args[0].equals("list"))) {
            err.print(USAGE);
            return 2;
        }
        CliArgs a = CliArgs.parse(Arrays.copyOfRange(args, 1, args.length), Set.of("--role", "--display-name", "--url", "--key"), Set.of("--admin"));
        Set<String> roles = new LinkedHashSet<>(List.of("user"));
        if (a.has("--admin")) roles.add("admin");
        roles.addAll(a.all("--role"));
        String displayName = a.value("--display-name");
        boolean create = args[0].equals("create");
        if (create ? a.positional().size() != 1 : !a.positional().isEmpty()) {
            err.print(USAGE);
            return 2;
        }
        CliServer server = CliServer.of(a.value("--url"), a.value("--key"), env);
        boolean up = server.isUp();
        String password = create ? readPassword(a.positional().get(0)) : null;
        if (create && password == null) return 2;
        if (up) {
            if (create) {
                var body = new java.util.LinkedHashMap<String, Object>();
                body.put("username", a.positional().get(0));
                body.put("password", password);
                if (displayName != null) body.put("display_name", displayName);
                body.put("roles", List.copyOf(roles));
                var u = server.call("POST", "/api/v1/admin/users", body);
                out.println("created user " + u.path("username").asString() + " (id " + u.path("id").asString() + ", roles "
                        + String.join(",", sortedStrings(u.path("roles"))) + ") on " + server.url());
            } else {
                header();
                int offset = 0;
                while (true) {
                    var page = server.call("GET", "/api/v1/admin/users?limit=200&offset=" + offset, null);
                    for (var u : page.path("data")) {
                        row(u.path("id").asString(), u.path("username").asString(), String.join(",", sortedStrings(u.path("roles"))),
                                u.path("disabled").asBoolean(false), u.path("created_at").asString());
                    }
                    offset += page.path("data").size();
                    if (page.path("data").size() < 200) break;
                }
            }
            return 0;
        }
        CliSettings settings = new CliSettings(a.settings(), env);
        UsersProperties props = settings.bind("llmsvc.users", UsersProperties.class);
        try {
            props.validate();
        } catch (InvalidSettingException e) {
            throw new CliException(e.getMessage(), 2);
        }
        try (CliDatabase db = CliDatabase.open(settings)) {
            UserAccounts accounts = UserAccounts.over(db.dataSource(), props);
            if (create) {
                User u = accounts.create(a.positional().get(0), displayName, password, roles);
                out.println("created user " + u.username() + " (id " + u.id() + ", roles " + String.join(",", u.roles().stream().sorted().toList()) + ")");
            } else {
                list(accounts);
            }
            return 0;
        } catch (LlmsvcException e) {
            throw new CliException(e.getMessage());
        }
    }

    private static List<String> sortedStrings(tools.jackson.databind.JsonNode array) {
        List<String> l = new ArrayList<>();
        array.forEach(n -> l.add(n.asString()));
        return l.stream().sorted().toList();
    }

    private void header() {
        out.printf("%-36s  %-24s  %-20s  %-8s  %s%n", "ID", "USERNAME", "ROLES", "DISABLED", "CREATED");
    }

    private void row(String id, String username, String roles, boolean disabled, Object created) {
        out.printf("%-36s  %-24s  %-20s  %-8s  %s%n", id, username, roles, disabled ? "yes" : "no", created);
    }

    private void list(UserAccounts accounts) {
        header();
        int offset = 0;
        List<User> page;
        do {
            page = accounts.list(offset, 200);
            for (User u : page) row(u.id(), u.username(), String.join(",", u.roles().stream().sorted().toList()), u.disabled(), u.createdAt());
            offset += page.size();
        } while (page.size() == 200);
    }

    /** Never echoed and never printed; null (after a message) when none was given. */
    private String readPassword(String username) {
        String fromEnv = env.get("LLMSVC_ADMIN_PASSWORD");
        if (fromEnv != null && !fromEnv.isEmpty()) return fromEnv;
        if (console != null) {
            char[] first = console.readPassword("Password for %s: ", username);
            char[] second = console.readPassword("Repeat the password: ");
            if (first == null || second == null) return null;
            boolean same = Arrays.equals(first, second);
            String pw = new String(first);
            Arrays.fill(first, '\0');
            Arrays.fill(second, '\0');
            if (!same) {
                err.println("llmsvc users: the passwords differ");
                return null;
            }
            return pw;
        }
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                err.println("llmsvc users: no password: set LLMSVC_ADMIN_PASSWORD or pipe it on stdin");
                return null;
            }
            return line;
        } catch (IOException e) {
            err.println("llmsvc users: cannot read the password from stdin");
            return null;
        }
    }
}
