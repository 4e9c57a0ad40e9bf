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
import javax.sql.DataSource;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * {@code llmsvc users create [--admin] [--role R]... [--display-name N] <username>} and {@code llmsvc users list}:
 * account administration straight on the configured database, for the first admin before anyone can log in. The
 * database, its migrations and the {@code llmsvc.users.*} settings are resolved exactly as the server does
 * ({@code application.yaml}, environment, {@code --name=value} flags). The password comes from
 * {@code LLMSVC_ADMIN_PASSWORD}, else from the terminal without echo (asked twice), else from the first line of stdin.
 */
public final class UsersCommand {
    static final String USAGE = """
            usage: llmsvc users create [--admin] [--role ROLE]... [--display-name NAME] <username> [--name=value ...]
                   llmsvc users list [--name=value ...]
              password: LLMSVC_ADMIN_PASSWORD, else asked on the terminal, else the first line of stdin
              database: as the server (LLMSVC_DATABASE_URL / _USER / _PASSWORD, else H2 under LLMSVC_DATA_DIR)
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

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class})
    static class Database {}

    public int run(String[] args) {
        if (args.length == 0 || !(args[0].equals("create") || args[0].equals("list"))) {
            err.print(USAGE);
            return 2;
        }
        List<String> springArgs = new ArrayList<>();
        List<String> positional = new ArrayList<>();
        Set<String> roles = new LinkedHashSet<>(List.of("user"));
        String displayName = null;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--admin" -> roles.add("admin");
                case "--role", "--display-name" -> {
                    if (i + 1 >= args.length) {
                        err.println("llmsvc users: " + a + " needs a value");
                        return 2;
                    }
                    if (a.equals("--role")) roles.add(args[++i]);
                    else displayName = args[++i];
                }
                default -> {
                    if (a.startsWith("--") && a.contains("=")) springArgs.add(a);
                    else if (a.startsWith("-")) {
                        err.println("llmsvc users: unknown option " + a + "\n" + USAGE);
                        return 2;
                    } else positional.add(a);
                }
            }
        }
        boolean create = args[0].equals("create");
        if (create ? positional.size() != 1 : !positional.isEmpty()) {
            err.print(USAGE);
            return 2;
        }
        String password = null;
        if (create) {
            password = readPassword(positional.get(0));
            if (password == null) return 2;
        }
        try (ConfigurableApplicationContext ctx = openDatabase(springArgs)) {
            UsersProperties props = Binder.get(ctx.getEnvironment()).bindOrCreate("llmsvc.users", UsersProperties.class);
            props.validate();
            UserAccounts accounts = UserAccounts.over(ctx.getBean(DataSource.class), props);
            if (create) {
                User u = accounts.create(positional.get(0), displayName, password, roles);
                out.println("created user " + u.username() + " (id " + u.id() + ", roles " + String.join(",", u.roles().stream().sorted().toList()) + ")");
            } else {
                list(accounts);
            }
            return 0;
        } catch (LlmsvcException | InvalidSettingException e) {
            err.println("llmsvc users: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("llmsvc users: cannot open the database: " + rootMessage(e));
            err.println("  (an embedded H2 database is locked while the server runs: stop it first, or use the admin API"
                    + " with the bootstrap key)");
            return 1;
        } finally {
            password = null;
        }
    }

    private void list(UserAccounts accounts) {
        out.printf("%-36s  %-24s  %-20s  %-8s  %s%n", "ID", "USERNAME", "ROLES", "DISABLED", "CREATED");
        int offset = 0;
        List<User> page;
        do {
            page = accounts.list(offset, 200);
            for (User u : page) {
                out.printf("%-36s  %-24s  %-20s  %-8s  %s%n", u.id(), u.username(), String.join(",", u.roles().stream().sorted().toList()),
                        u.disabled() ? "yes" : "no", u.createdAt());
            }
            offset += page.size();
        } while (page.size() == 200);
    }

    private ConfigurableApplicationContext openDatabase(List<String> springArgs) {
        return new SpringApplicationBuilder(Database.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .registerShutdownHook(false)
                .properties("spring.config.name=application")
                .run(springArgs.toArray(String[]::new));
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

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) t = t.getCause();
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }
}
