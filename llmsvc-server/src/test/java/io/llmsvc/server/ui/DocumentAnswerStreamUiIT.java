package io.llmsvc.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.Cookie;
import io.llmsvc.server.LlmsvcApplication;
import io.llmsvc.testkit.gguf.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The chat streams a document answer written by the agents' model, in headless Chromium: the answer's text grows
 * before it is complete, its citations and label come with the whole answer, and the stored message is the same
 * after a reload.
 */
class DocumentAnswerStreamUiIT {
    static final String KEY = "sk-ui-doc-stream-bootstrap-0123456789";

    @TempDir
    static Path dir;
    static ConfigurableApplicationContext ctx;
    static String url;
    static UiHttp.Session cy;
    static Playwright pw;
    static com.microsoft.playwright.Browser browser;

    @BeforeAll
    static void start() throws Exception {
        pw = Browser.playwright();
        browser = Browser.launch(pw);
        Path models = Files.createDirectories(dir.resolve("models"));
        TinyModels.write(models, "tiny");
        // room for the grounding prompt (the tiny model's tokenizer spends about a token per character)
        ctx = new SpringApplication(LlmsvcApplication.class).run("--server.port=0", "--llmsvc.data-dir=" + dir.resolve("data"),
                "--llmsvc.models-dir=" + models, "--llmsvc.bootstrap-key=" + KEY, "--llmsvc.users.signup-enabled=true",
                "--llmsvc.users.retire-bootstrap-key=false", "--llmsvc.worker.context-size=1024");
        url = "http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port");
        UiHttp http = new UiHttp(url);
        cy = http.user("cyra", "cyras long password", false, KEY);
        http.uploadDocument(cy, "widgets.md", "# Widgets\n\nThe Zorblax protocol needs seventeen blue widgets.\n");
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (pw != null) pw.close();
        if (ctx != null) ctx.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDocumentAnswerGrowsThenShowsItsCitations() {
        BrowserContext c = browser.newContext();
        String[] cookie = cy.cookie().split("=", 2);
        c.addCookies(List.of(new Cookie(cookie[0], cookie[1]).setUrl(url)));
        Page p = c.newPage();
        p.setDefaultTimeout(30_000);
        p.navigate(url + "/");
        WebUiIT.ready(p);
        p.selectOption("#agent", "documents");
        // every change under the messages: how long the answer's text is, and whether citations are shown yet
        p.evaluate("""
                () => {
                  window.seen = [];
                  new MutationObserver(() => {
                    const a = document.querySelector('.msg.assistant .body');
                    if (a) window.seen.push({ len: a.textContent.length, cites: !!document.querySelector('.msg.assistant .citations') });
                  }).observe(document.getElementById('messages'), { childList: true, subtree: true, characterData: true });
                }""");
        WebUiIT.send(p, "How many blue widgets does the Zorblax protocol need?");
        WebUiIT.awaitAnswer(p, 1);
        List<Map<String, Object>> seen = (List<Map<String, Object>>) p.evaluate("() => window.seen");
        List<Integer> growing = seen.stream().filter(s -> !(Boolean) s.get("cites")).map(s -> ((Number) s.get("len")).intValue())
                .filter(n -> n > 0).distinct().toList();
        assertThat(growing).as(seen.toString()).hasSizeGreaterThan(1);
        assertThat((Boolean) seen.getLast().get("cites")).as(seen.toString()).isTrue();
        var answer = p.locator(".msg.assistant").first();
        assertThat(answer.getAttribute("data-agent")).isEqualTo("documents");
        assertThat(answer.locator(".citations .cite").count()).isEqualTo(1);
        assertThat(answer.locator(".extractive").count()).isZero(); // written by the model: no extractive label
        String text = answer.locator(".body").textContent();

        // the stored message is the whole answer with its citation
        p.waitForFunction("() => location.hash.length > 1");
        p.reload();
        WebUiIT.ready(p);
        p.waitForSelector(".msg.assistant .citations .cite");
        assertThat(p.locator(".msg.assistant .body").textContent()).isEqualTo(text);
        assertThat(p.locator(".msg.assistant").getAttribute("data-agent")).isEqualTo("documents");
        c.close();
    }
}
