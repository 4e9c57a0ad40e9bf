package io.llmsvc.server;

import io.llmsvc.controller.ControllerProperties;
import io.llmsvc.gateway.users.UsersProperties;
import io.llmsvc.runtime.config.InvalidSettingException;
import io.llmsvc.runtime.config.LlmsvcProperties;
import io.llmsvc.runtime.config.SettingsCheck;
import io.llmsvc.runtime.target.Target;
import io.llmsvc.server.cli.ChatCommand;
import io.llmsvc.server.cli.ModelsCommand;
import io.llmsvc.server.cli.UsersCommand;
import io.llmsvc.worker.WorkerProperties;
import io.llmsvc.worker.engine.llamacpp.RunnerMain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.core.env.MapPropertySource;

/**
 * The {@code llmsvc} executable. Without a command it serves the targets chosen by {@code --target} /
 * {@code LLMSVC_TARGET} (default {@code all}); commands: {@code chat}, {@code models list|pull}, {@code users create|list},
 * {@code keys list|create|revoke}, {@code admin reset-key}, {@code runner}
 * (internal: one model's runner process), {@code --list-targets}, {@code --help}.
 */
public final class LlmsvcMain {

    public static void main(String[] args) throws Exception {
        String cmd = args.length == 0 ? "serve" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (cmd) {
            case "--list-targets", "targets" -> System.out.print(Target.graph());
            case "--help", "-h", "help" -> System.out.print(usage());
            case "chat" -> System.exit(command(cmd, () -> new ChatCommand().run(rest)));
            case "models" -> System.exit(command(cmd, () -> new ModelsCommand().run(rest)));
            case "users" -> System.exit(command(cmd, () -> new UsersCommand().run(rest)));
            case "keys" -> System.exit(command(cmd, () -> new io.llmsvc.server.cli.KeysCommand().run(rest)));
            case "admin" -> System.exit(command(cmd, () -> new io.llmsvc.server.cli.AdminCommand().run(rest)));
            case "runner" -> RunnerMain.main(rest);
            case "serve" -> serve(rest);
            default -> {
                if (cmd.startsWith("-")) serve(args);
                else {
                    System.err.println("llmsvc: unknown command '" + cmd + "'\n" + usage());
                    System.exit(2);
                }
            }
        }
    }

    private interface Command {
        int run() throws Exception;
    }

    /**
     * Runs a command; whatever it did not handle becomes one line on stderr (the stack trace only with
     * {@code LLMSVC_DEBUG=1}) and exit status 1.
     */
    static int command(String name, Command c) {
        // a command prints its own results; libraries (Flyway, the HTTP client) only warn
        var root = org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root instanceof ch.qos.logback.classic.Logger l && !"1".equals(System.getenv("LLMSVC_DEBUG"))) l.setLevel(ch.qos.logback.classic.Level.WARN);
        try {
            return c.run();
        } catch (io.llmsvc.server.cli.CliException e) {
            System.err.println("llmsvc " + name + ": " + e.getMessage());
            return e.status();
        } catch (Exception | LinkageError e) {
            if ("1".equals(System.getenv("LLMSVC_DEBUG"))) e.printStackTrace();
            System.err.println("llmsvc " + name + ": " + io.llmsvc.server.cli.CliException.rootMessage(e)
                    + " (LLMSVC_DEBUG=1 shows the details)");
            return 1;
        }
    }

    static void serve(String[] args) {
        List<String> springArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--target") && i + 1 < args.length) springArgs.add("--llmsvc.target=" + args[++i]);
            else if (a.startsWith("--target=")) springArgs.add("--llmsvc.target=" + a.substring(9));
            else springArgs.add(a);
        }
        SpringApplication app = new SpringApplication(LlmsvcApplication.class);
        app.addListeners((ApplicationEnvironmentPreparedEvent e) -> {
            try {
                settings().check(e.getEnvironment());
                String target = e.getEnvironment().getProperty("llmsvc.target", "all");
                var running = Target.parseList(target);
                if (!running.contains(Target.GATEWAY) && !running.contains(Target.DOCUMENTS) && !running.contains(Target.JOBS)) {
                    // only the gateway, the document agent and the job workers keep relational data; other targets must not open (and lock) the database
                    e.getEnvironment().getPropertySources().addFirst(new MapPropertySource("llmsvc-target",
                            Map.of("spring.autoconfigure.exclude", String.join(",",
                                    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                                    "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"))));
                }
            } catch (InvalidSettingException ex) {
                System.err.println("llmsvc: " + ex.getMessage());
                System.exit(2);
            }
        });
        app.setDefaultProperties(Map.of("spring.config.name", "application"));
        app.run(springArgs.toArray(String[]::new));
    }

    /** Every settings section, checked before anything starts. */
    static SettingsCheck settings() {
        return new SettingsCheck()
                .add("llmsvc", LlmsvcProperties.class)
                .add("llmsvc.worker", WorkerProperties.class)
                .add("llmsvc.controller", ControllerProperties.class)
                .add("llmsvc.users", UsersProperties.class)
                .add("llmsvc.logs", io.llmsvc.gateway.logs.LogsProperties.class)
                .add("llmsvc.limits", io.llmsvc.gateway.quota.QuotaProperties.class)
                .add("llmsvc.documents", io.llmsvc.agents.documents.DocumentsProperties.class)
                .add("llmsvc.router", io.llmsvc.agents.router.RouterProperties.class)
                .add("llmsvc.agents.embeddings", io.llmsvc.agents.embedding.EmbeddingProperties.class)
                .add("llmsvc.documents.index", io.llmsvc.agents.documents.index.IndexProperties.class)
                .add("llmsvc.documents.search", io.llmsvc.agents.documents.search.SearchProperties.class)
                .add("llmsvc.jobs", io.llmsvc.jobs.queue.JobsProperties.class)
                .add("llmsvc.files", io.llmsvc.jobs.storage.FilesProperties.class);
    }

    static String usage() {
        return """
                usage: llmsvc [serve] [--target all|gateway|controller|worker|router|documents|jobs[,...]] [--server.port=N] [--name=value ...]
                       llmsvc --list-targets
                       llmsvc chat [--url URL] [--key KEY] [--model ID] [--system TEXT] [--max-tokens N]
                       llmsvc models list [--dir DIR] [--url URL] [--key KEY]
                       llmsvc models pull <hf-repo> <file.gguf> [--sha256 HEX] [--dir DIR]
                       llmsvc users create [--admin] [--role ROLE]... [--display-name NAME] <username> [--url URL] [--key KEY]
                       llmsvc users list [--url URL] [--key KEY]
                       llmsvc keys list [--user USER_ID] [--url URL] [--key KEY]
                       llmsvc keys create --name NAME [--rpm N] [--tpm N] [--max-concurrent N] [--budget-tokens N [--budget-period day|month]] [--allowed-models ID,ID...] [--expires-in-days N] [--url URL] [--key KEY]
                       llmsvc keys revoke <key-id> [--url URL] [--key KEY]
                       llmsvc admin reset-key
                  --url: LLMSVC_URL, default the local server (http://127.0.0.1:8080); --key: LLMSVC_API_KEY
                  users and models use the running server's API when one is up, else the local database and models directory;
                  keys work through the running server's API only
                  users create takes the password from LLMSVC_ADMIN_PASSWORD, the terminal, or stdin
                """;
    }

    private LlmsvcMain() {}

}
