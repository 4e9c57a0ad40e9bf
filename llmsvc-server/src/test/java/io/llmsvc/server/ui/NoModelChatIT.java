package io.llmsvc.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.FilePayload;
import io.llmsvc.server.LlmsvcApplication;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The chat of a fresh install with no model in the models directory, in headless Chromium: the banner says no
 * model is loaded, a question is still answered from the user's documents with a note that says so and a label
 * that gives the reason (kept after a reload), and server errors read in the UI's language (an upload over the limit).
 */
class NoModelChatIT {
    static final String KEY = "sk-ui-no-model-bootstrap-0123456789";

    @TempDir
    static Path dir;
    static ConfigurableApplicationContext ctx;
    static String url;
    static UiHttp.Session bea;
    static Playwright pw;
    static com.microsoft.playwright.Browser browser;

    @BeforeAll
    static void start() throws Exception {
        pw = Browser.playwright();
        browser = Browser.launch(pw);
        Path models = Files.createDirectories(dir.resolve("models"));
        ctx = new SpringApplication(LlmsvcApplication.class).run("--server.port=0", "--llmsvc.data-dir=" + dir.resolve("data"),
                "--llmsvc.models-dir=" + models, "--llmsvc.bootstrap-key=" + KEY, "--llmsvc.users.signup-enabled=true",
                "--llmsvc.users.retire-bootstrap-key=false", "--llmsvc.documents.max-upload-size=4KB");
        url = "http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port");
        UiHttp http = new UiHttp(url);
        bea = http.user("bea", "beas long password", false, KEY);
        http.uploadDocument(bea, "garden.md", "# Garden rules\n\nThe community garden gate is locked every evening at nine o'clock.\n");
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (pw != null) pw.close();
        if (ctx != null) ctx.close();
    }

    static Page open(String locale) {
        BrowserContext c = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setLocale(locale));
        String[] cookie = bea.cookie().split("=", 2);
        c.addCookies(List.of(new Cookie(cookie[0], cookie[1]).setUrl(url)));
        Page p = c.newPage();
        p.setDefaultTimeout(30_000);
        return p;
    }

    @Test
    void withoutAModelTheChatAnswersFromDocumentsAndSaysWhy() {
        Page p = open("en-US");
        p.navigate(url + "/");
        WebUiIT.ready(p);
        assertThat(p.textContent("#banner")).contains("No model is loaded");
        // the picker's "general" choice still needs a model: the documents answer instead, and the note says so
        p.selectOption("#agent", "general");
        WebUiIT.send(p, "When is the community garden gate locked?");
        WebUiIT.awaitAnswer(p, 1);
        var answer = p.locator(".msg.assistant").first();
        assertThat(answer.getAttribute("data-agent")).isEqualTo("documents");
        assertThat(answer.locator(".body").textContent()).contains("nine o'clock");
        assertThat(answer.locator(".note").textContent()).contains("No chat model is loaded").contains("extractive");
        assertThat(answer.locator(".extractive").getAttribute("data-reason")).isEqualTo("no_model");
        assertThat(answer.locator(".extractive").textContent()).isEqualTo("extractive: no model is loaded");
        assertThat(p.locator(".msg.user").count()).isEqualTo(1);
        assertThat(p.inputValue("#input")).isEmpty();

        // stored with the message: the label and its reason survive a reload
        p.waitForFunction("() => location.hash.length > 1");
        p.reload();
        WebUiIT.ready(p);
        p.waitForSelector(".msg.assistant .extractive");
        assertThat(p.locator(".msg.assistant .extractive").getAttribute("data-reason")).isEqualTo("no_model");
        assertThat(p.locator(".msg.assistant .note").textContent()).contains("No chat model is loaded");
        p.context().close();
    }

    @Test
    void serverErrorsReadInTheUiLanguage() {
        Page p = open("ko-KR");
        p.navigate(url + "/documents");
        WebUiIT.ready(p);
        p.setInputFiles("#file", new FilePayload("big.md", "text/markdown", "가".repeat(4000).getBytes(StandardCharsets.UTF_8)));
        p.click("#upload button[type=submit]");
        p.waitForFunction("() => document.querySelector('#error').textContent.length > 0");
        // the error code's meaning in Korean first, the server's own words after it
        assertThat(p.textContent("#error")).contains("(413)").contains("요청이 너무 큽니다 — ");
        p.context().close();
    }
}
