package io.llmsvc.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.server.LlmsvcApplication;
import io.llmsvc.testkit.gguf.TinyModels;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code llmsvc chat} against a running system: streams answers, keeps the conversation, handles commands. */
class ChatCommandIT {
    static final String KEY = "sk-chat-cli-test-key-0123456789";
    @TempDir
    static Path dir;
    static ConfigurableApplicationContext ctx;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        TinyModels.write(models, "tiny");
        ctx = new SpringApplication(LlmsvcApplication.class).run("--server.port=0", "--llmsvc.data-dir=" + dir.resolve("data"),
                "--llmsvc.models-dir=" + models, "--llmsvc.bootstrap-key=" + KEY, "--llmsvc.worker.context-size=256");
        url = "http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stop() {
        if (ctx != null) ctx.close();
    }

    String run(String input, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChatCommand cmd = new ChatCommand(new BufferedReader(new StringReader(input)), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(cmd.run(args)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void chatsWithTheFirstModelAndHandlesCommands() throws Exception {
        String screen = run("hello\n안녕하세요\n/reset\nagain\n/exit\n", "--url", url, "--key", KEY, "--max-tokens", "12");
        assertThat(screen).contains("chatting with tiny");
        assertThat(screen.split("assistant> ", -1)).hasSize(4); // three answers
        assertThat(screen).contains("(conversation cleared)");
        assertThat(screen).doesNotContain("[error]");
    }

    @Test
    void errorsAreShownNotThrown() throws Exception {
        String screen = run("hello\n", "--url", url, "--key", KEY, "--model", "missing");
        assertThat(screen).contains("[error]").contains("missing");
    }
}
