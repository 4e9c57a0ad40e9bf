package io.llmsvc.server.cli;

import io.llmsvc.gateway.auth.BootstrapKey;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * {@code llmsvc admin reset-key}: a new bootstrap admin key, for an install whose generated key was lost or never
 * seen. Local only: it writes the key's hash into the data directory ({@code <data-dir>/secrets}), which only
 * someone on the server's machine can; a running server picks it up within a second.
 */
public final class AdminCommand {
    static final String USAGE = """
            usage: llmsvc admin reset-key [--name=value ...]
              writes a new bootstrap admin key's hash under the data directory (LLMSVC_DATA_DIR, --llmsvc.data-dir=...)
              and prints the key once; a running server uses it within a second
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public AdminCommand() {
        this(System.out, System.err, System.getenv());
    }

    AdminCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public int run(String[] args) {
        try {
            if (args.length == 0 || !args[0].equals("reset-key")) {
                err.print(USAGE);
                return 2;
            }
            CliArgs a = CliArgs.parse(Arrays.copyOfRange(args, 1, args.length), Set.of(), Set.of());
            if (!a.positional().isEmpty()) throw new CliException("unexpected argument " + a.positional().getFirst() + "\n" + USAGE, 2);
            CliSettings settings = new CliSettings(a.settings(), env);
            if (!settings.get("llmsvc.bootstrap-key", "").isBlank()) {
                throw new CliException("the bootstrap key is set by LLMSVC_BOOTSTRAP_KEY (llmsvc.bootstrap-key): change it there and restart");
            }
            Path file = BootstrapKey.file(settings.dataDir());
            String key = BootstrapKey.issue(file);
            out.println("New admin API key (shown once, only its hash is stored in " + file + "):");
            out.println("  " + key);
            out.println("The previous bootstrap key no longer works. Once an admin account exists the bootstrap key retires"
                    + " (llmsvc.users.retire-bootstrap-key).");
            return 0;
        } catch (CliException e) {
            err.println("llmsvc admin: " + e.getMessage());
            return e.status();
        } catch (RuntimeException e) {
            err.println("llmsvc admin: " + CliException.rootMessage(e));
            return 1;
        }
    }
}
