package io.llmsvc.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.WaitForSelectorState;
import io.llmsvc.server.LlmsvcApplication;
import io.llmsvc.testkit.gguf.TinyModels;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The web UI in headless chromium against the whole system: login, streamed answers, stop (the worker's only slot
 * is free again), history after reload and per user, sanitized model output, Korean UI and IME composition,
 * API keys made in the UI and used over HTTP, the admin dashboard with a worker process that is killed, page
 * weight and the render time of a 1,000-chat list, the documents page and a chat answer from the document agent
 * with its citation opened. Screenshots go to {@code target/screenshots}.
 */
class WebUiIT {
    static final String KEY = "sk-ui-browser-bootstrap-0123456789";
    static final String TOKEN = "cluster-token-for-ui-tests-0123456789";
    static final Path SHOTS = Path.of("target", "screenshots");
    @TempDir
    static Path dir;
    static FakeUpstream upstream;
    static ConfigurableApplicationContext ctx;
    static String url;
    static UiHttp http;
    static Playwright pw;
    static com.microsoft.playwright.Browser browser;

    @BeforeAll
    static void start() throws Exception {
        pw = Browser.playwright();
        browser = Browser.launch(pw);
        Files.createDirectories(SHOTS);
        upstream = new FakeUpstream();
        Path models = Files.createDirectories(dir.resolve("models"));
        TinyModels.write(models, "tiny");
        // slow enough that a full-context answer runs for many seconds (as in CancellationIT)
        TinyModels.builder().layers(4).embedding(256).feedForward(512).heads(4).kvHeads(2).contextLength(8192).write(models, "slow");
        ctx = new SpringApplication(LlmsvcApplication.class).run("--server.port=0", "--llmsvc.data-dir=" + dir.resolve("data"),
                "--llmsvc.models-dir=" + models, "--llmsvc.bootstrap-key=" + KEY, "--llmsvc.users.signup-enabled=true", "--llmsvc.users.retire-bootstrap-key=false", "--llmsvc.users.signups-per-address=1000", "--llmsvc.cluster-token=" + TOKEN,
                "--llmsvc.worker.context-size=256", "--llmsvc.worker.models.slow.slots=1", "--llmsvc.worker.models.slow.context-size=8192",
                "--llmsvc.controller.worker-expiry=3s", "--llmsvc.worker.heartbeat-interval=500ms",
                "--llmsvc.worker.upstreams[0].name=evil", "--llmsvc.worker.upstreams[0].base-url=" + upstream.baseUrl(),
                "--llmsvc.worker.upstreams[0].models=evil-model", "--llmsvc.worker.upstreams[0].retries=0",
                // the agents use no LLM (the test models write gibberish): routing is the classifier's, answers extractive
                "--llmsvc.agents.model=no-model-for-agents");
        url = "http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port");
        http = new UiHttp(url);
        http.user("alice", "alices long password", true, KEY);
        http.user("bob", "bobs long password", false, KEY);
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (pw != null) pw.close();
        if (ctx != null) ctx.close();
        if (upstream != null) upstream.close();
    }

    static Page newPage() {
        BrowserContext c = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setViewportSize(1280, 820).setLocale("en-US"));
        Page p = c.newPage();
        p.setDefaultTimeout(30_000);
        return p;
    }

    /** Signs in through the login page and waits for the chat page to be ready. */
    static Page signIn(String user, String password, String shot) {
        Page p = newPage();
        p.navigate(url + "/");
        p.waitForURL("**/login?next=%2F");
        p.fill("#username", user);
        p.fill("#password", password);
        if (shot != null) screenshot(p, shot);
        p.click("button[type=submit]");
        p.waitForURL(url + "/");
        ready(p);
        return p;
    }

    static void ready(Page p) {
        p.waitForSelector("body[data-ready=true]", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.ATTACHED));
    }

    static void screenshot(Page p, String name) {
        p.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")).setFullPage(true));
    }

    static void send(Page p, String text) {
        p.fill("#input", text);
        p.press("#input", "Enter");
    }

    /** Waits until no answer is streaming and returns the number of finished answers. */
    static int awaitAnswer(Page p, int answers) {
        return awaitAnswer(p, answers, 60_000);
    }

    static int awaitAnswer(Page p, int answers, double timeoutMillis) {
        p.waitForFunction("n => document.querySelectorAll('.msg.assistant:not(.streaming)').length >= n && !document.querySelector('.msg.streaming')",
                answers, new Page.WaitForFunctionOptions().setTimeout(timeoutMillis));
        return p.locator(".msg.assistant").count();
    }

    static void settings(Page p, String maxTokens) {
        if (p.locator("#settings.hidden").count() > 0) p.click("#toggle-settings");
        p.fill("#max-tokens", maxTokens);
    }

    @Test
    void signingInNeverLeavesTheSite() {
        // what a crafted link can put in next: the first two passed the old prefix check ('/' but not '//')
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("/%5Cevil.example", "/");
        cases.put("/%09/evil.example", "/");
        cases.put("//evil.example", "/");
        cases.put("https%3A%2F%2Fevil.example%2F", "/");
        cases.put("javascript%3Aalert(1)", "/");
        cases.put("%2Fdocuments%3Fq%3D1%23top", "/documents?q=1#top");
        for (var c : cases.entrySet()) {
            Page p = newPage();
            // another site would answer, so a redirect there shows as its address rather than a DNS error
            p.context().route(u -> !u.startsWith(url + "/"), r -> r.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
                    .setStatus(200).setContentType("text/html").setBody("<p>another site</p>")));
            p.navigate(url + "/login?next=" + c.getKey());
            p.fill("#username", "bob");
            p.fill("#password", "bobs long password");
            p.click("button[type=submit]");
            p.waitForURL(u -> !u.contains("/login"));
            p.waitForLoadState();
            assertThat(p.url()).as("next=" + c.getKey()).isEqualTo(url + c.getValue());
            p.context().close();
        }
    }

    @Test
    void streamsTokensAndStopFreesTheSlot() {
        Page p = signIn("bob", "bobs long password", "login");
        p.selectOption("#model", "slow");
        settings(p, "");
        p.evaluate("() => { window.__updates = []; new MutationObserver(() => {"
                + " const b = document.querySelector('.msg.assistant.streaming .body');"
                + " if (b && window.__updates.at(-1) !== b.textContent.length) window.__updates.push(b.textContent.length);"
                + "}).observe(document.getElementById('messages'), {childList: true, subtree: true, characterData: true}); }");
        send(p, "go on forever");
        // several renders of a growing answer while it is still streaming
        p.waitForFunction("() => window.__updates.filter(n => n > 0).length >= 3 && document.querySelector('.msg.assistant.streaming')");
        assertThat(p.isVisible("#stop")).isTrue();
        screenshot(p, "chat-streaming");
        p.click("#stop");
        awaitAnswer(p, 1);
        assertThat(p.locator(".msg.assistant .body").last().textContent()).contains("(stopped)");
        assertThat(p.isVisible("#send")).isTrue();

        // the slow model has one slot: this answer only comes (in time) if the stopped generation let go of it; had it
        // run on to its full context it would hold the slot far longer than this deadline
        settings(p, "4");
        send(p, "and now a short one");
        assertThat(awaitAnswer(p, 2, 20_000)).isEqualTo(2);
        assertThat(p.locator(".msg.assistant .body").last().textContent()).doesNotContain("(stopped)");
        assertThat(p.isVisible("#banner")).isFalse();
        p.context().close();
    }

    @Test
    void historySurvivesReloadAndIsPrivate() {
        Page p = signIn("bob", "bobs long password", null);
        p.selectOption("#model", "tiny");
        settings(p, "8");
        send(p, "history check 기록");
        awaitAnswer(p, 1);
        p.waitForSelector(".session .title:text-is('history check 기록')");
        String id = p.locator(".session.active").getAttribute("data-id");
        assertThat(p.url()).endsWith("#" + id);
        // regenerate replaces the answer, here and on the server
        p.click(".msg.assistant .regenerate");
        awaitAnswer(p, 1);
        assertThat(p.locator(".msg.assistant").count()).isEqualTo(1);

        p.reload();
        ready(p);
        assertThat(p.locator(".msg.user .body").first().textContent()).isEqualTo("history check 기록");
        assertThat(p.locator(".msg.assistant").count()).isEqualTo(1);
        p.click("#new-chat");
        assertThat(p.locator(".msg").count()).isZero();
        p.click(".session[data-id='" + id + "'] .title");
        p.waitForSelector(".msg.user");
        assertThat(p.locator(".msg.user .body").first().textContent()).isEqualTo("history check 기록");

        // rename through the UI, then search
        p.onceDialog(d -> d.accept("Renamed chat"));
        p.hover(".session[data-id='" + id + "']");
        p.click(".session[data-id='" + id + "'] .rename");
        p.waitForSelector(".session .title:text-is('Renamed chat')");
        p.fill("#search", "renamed");
        p.waitForFunction("() => document.querySelectorAll('.session').length === 1");
        screenshot(p, "chat-history");

        Page other = signIn("alice", "alices long password", null);
        assertThat(other.locator(".session[data-id='" + id + "']").count()).isZero();
        other.navigate(url + "/#" + id);
        ready(other);
        assertThat(other.locator(".msg").count()).isZero();
        other.context().close();

        p.onceDialog(d -> d.accept());
        p.click(".session[data-id='" + id + "'] .delete");
        p.waitForFunction("id => !document.querySelector(`.session[data-id='${id}']`)", id);
        p.context().close();
    }

    @Test
    void hostileModelOutputIsInert() {
        Page p = signIn("bob", "bobs long password", null);
        List<String> dialogs = new ArrayList<>();
        p.onDialog(d -> { dialogs.add(d.message()); d.dismiss(); });
        List<String> offSite = new java.util.concurrent.CopyOnWriteArrayList<>();
        p.onRequest(r -> { if (r.url().contains("example.invalid")) offSite.add(r.url()); });
        // an image refused by the policy's img-src would show that it was put in the page; the hostile onerror and
        // onload attributes are reported (and blocked) under script-src, which is the policy doing its work
        p.onConsoleMessage(m -> { if (m.text().contains("Content Security Policy") && m.text().contains("img-src")) offSite.add(m.text()); });
        p.selectOption("#model", "evil-model");
        send(p, "show me some html");
        awaitAnswer(p, 1);
        Locator body = p.locator(".msg.assistant .body").last();
        assertThat(body.locator("strong").textContent()).isEqualTo("bold");
        assertThat(body.locator("pre code.hljs").count()).isEqualTo(1);
        assertThat(body.locator("pre code").textContent()).contains("return \"<b>not html</b>\"");
        p.waitForTimeout(300); // give an injected handler (image error, svg load) the chance to run, were it there
        assertThat(p.evaluate("() => window.__xss === undefined")).isEqualTo(true);
        assertThat(p.evaluate("() => document.querySelectorAll('.messages script, .messages [onerror], .messages [onload], .messages svg').length")).isEqualTo(0);
        assertThat(p.evaluate("() => [...document.querySelectorAll('.messages a')].filter(a => /^javascript:/i.test(a.getAttribute('href') || '')).length")).isEqualTo(0);
        for (Object link : (List<?>) p.evaluate("() => [...document.querySelectorAll('.messages a')].map(a => a.outerHTML)")) {
            assertThat(String.valueOf(link)).doesNotContain("javascript");
        }
        assertThat(dialogs).isEmpty();
        // images from another site are not loaded (nor even tried, which the CSP would report): their alt text or
        // address is a link instead; a data: image stays
        assertThat(p.evaluate("() => [...document.querySelectorAll('.messages img')].map(i => i.src)"
                + ".filter(s => s && !s.startsWith(location.origin + '/') && !s.startsWith('data:')).length")).isEqualTo(0);
        assertThat(body.locator("a.external-image").allTextContents()).containsExactly("tracker", "https://example.invalid/b.png");
        assertThat(body.locator("a.external-image").first().getAttribute("href")).isEqualTo("http://example.invalid/a.png");
        assertThat(body.locator("img[alt=inline]").count()).isEqualTo(1);
        assertThat(offSite).isEmpty();
        screenshot(p, "chat");
        p.context().close();
    }

    @Test
    void koreanUiAndImeComposition() {
        Page p = signIn("bob", "bobs long password", null);
        p.selectOption("#lang", "ko");
        assertThat(p.textContent("#send")).isEqualTo("보내기");
        p.reload();
        ready(p);
        assertThat(p.textContent("#new-chat")).isEqualTo("+ 새 대화");
        assertThat(p.getAttribute("#input", "placeholder")).startsWith("메시지를 입력하세요");
        p.selectOption("#model", "tiny");
        settings(p, "8");

        p.focus("#input");
        p.keyboard().insertText("안녕하세요, 반갑습니다");
        // Enter that ends a Hangul composition commits the syllable; it must not send
        p.evaluate("() => document.getElementById('input').dispatchEvent(new KeyboardEvent('keydown',"
                + " {key: 'Enter', code: 'Enter', isComposing: true, bubbles: true, cancelable: true}))");
        assertThat(p.locator(".msg.user").count()).isZero();
        assertThat(p.inputValue("#input")).isEqualTo("안녕하세요, 반갑습니다");

        p.keyboard().press("Enter");
        awaitAnswer(p, 1);
        assertThat(p.locator(".msg.user .body").first().textContent()).isEqualTo("안녕하세요, 반갑습니다");
        assertThat(p.locator(".msg.assistant .tools .copy").first().textContent()).isEqualTo("복사");
        screenshot(p, "chat-ko");
        p.context().close();
    }

    @Test
    void apiKeyMadeInTheUiWorksOverHttp() throws Exception {
        Page p = signIn("bob", "bobs long password", null);
        p.navigate(url + "/me");
        ready(p);
        p.fill(".create-key input[name=name]", "from the browser");
        p.fill(".create-key input[name=rpm]", "100");
        p.click(".create-key button[type=submit]");
        p.waitForSelector(".secret:not(:empty)");
        String key = p.textContent(".secret");
        assertThat(key).startsWith("sk-llmsvc-");
        screenshot(p, "me");

        assertThat(http.withKey(key, "GET", "/v1/models", null).statusCode()).isEqualTo(200);
        HttpResponse<String> chat = http.withKey(key, "POST", "/v1/chat/completions",
                "{\"model\":\"tiny\",\"max_tokens\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);

        p.onceDialog(d -> d.accept());
        p.click(".key-rows tr[data-status=active] .revoke");
        p.waitForSelector(".key-rows tr[data-status=revoked]");
        assertThat(http.withKey(key, "GET", "/v1/models", null).statusCode()).isEqualTo(401);
        p.context().close();
    }

    @Test
    void signUpPageSaysWhenSignUpIsOff() throws Exception {
        Page p = newPage();
        p.navigate(url + "/signup");
        p.fill("#username", "dora");
        p.fill("#password", "doras long password");
        screenshot(p, "signup");
        assertThat(http.withKey(KEY, "PUT", "/api/v1/admin/settings/signup", "{\"enabled\":false}").statusCode()).isEqualTo(200);
        try {
            p.click("button[type=submit]");
            p.waitForSelector("#message:has-text('switched off')");
        } finally {
            http.withKey(KEY, "PUT", "/api/v1/admin/settings/signup", "{\"enabled\":true}");
        }
        p.click("button[type=submit]");
        p.waitForSelector("#message:has-text('Account created')");
        p.context().close();
    }

    @Test
    void dashboardShowsAKilledWorkerInRed() throws Exception {
        Page bob = signIn("bob", "bobs long password", null);
        bob.navigate(url + "/admin");
        ready(bob);
        assertThat(bob.isVisible("#forbidden")).isTrue();
        assertThat(bob.isVisible("#dashboard")).isFalse();
        screenshot(bob, "admin-forbidden");
        bob.context().close();

        Page p = signIn("alice", "alices long password", null);
        p.navigate(url + "/admin");
        ready(p);
        assertThat(p.locator("#users tr").count()).isGreaterThanOrEqualTo(2);
        try (WorkerProcess w = WorkerProcess.start(dir, url, TOKEN, "ui-worker-2")) {
            p.waitForSelector("tr[data-worker='ui-worker-2'][data-state='ready']", new Page.WaitForSelectorOptions().setTimeout(120_000));
            for (int i = 0; i < 3; i++) {
                http.withKey(KEY, "POST", "/v1/chat/completions", "{\"model\":\"tiny\",\"max_tokens\":4,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            }
            // the charts are computed from consecutive scrapes of /actuator/prometheus
            p.waitForFunction("() => window.llmsvcRates.some(r => r.rps > 0 && r.tps > 0)");
            p.click("#log-filters button[type=submit]");
            p.waitForSelector("#logs tr");
            // by default only model calls: the page's own polling (no model) is left out
            p.waitForFunction("() => [...document.querySelectorAll('#logs tr')].every(r => r.children[4].textContent.trim() !== '')");
            screenshot(p, "admin");
            // all requests: alice's own page loads and polling, shown with her name (the id in the tooltip)
            p.uncheck("#model-calls");
            p.waitForFunction("() => [...document.querySelectorAll('#logs tr')].some(r => r.children[4].textContent.trim() === '')");
            Locator mine = p.locator("#logs td.who span", new Page.LocatorOptions().setHasText("alice")).first();
            assertThat(mine.getAttribute("title")).matches("[0-9a-f-]{36}");
            p.check("#model-calls");
            w.kill();
            p.waitForSelector("tr[data-worker='ui-worker-2'][data-state='expired'].dead", new Page.WaitForSelectorOptions().setTimeout(20_000));
            screenshot(p, "admin-worker-dead");
        }
        // an invite link made on the page lets one person sign up; the list then names who used it
        p.fill("#invite-form input[name=roles]", "hr");
        p.click("#invite-form button[type=submit]");
        p.waitForSelector("#invite-made:not(.hidden)");
        String link = p.inputValue("#invite-link");
        assertThat(link).startsWith(url + "/signup?invite=");
        Page guest = newPage();
        guest.navigate(link);
        assertThat(guest.textContent("#message")).contains("invited");
        guest.fill("#username", "frida");
        guest.fill("#password", "fridas long passphrase");
        guest.click("button[type=submit]");
        guest.waitForFunction("() => location.pathname === '/login' || document.querySelector('#message.error')?.textContent");
        assertThat(guest.url()).as(guest.textContent("#message")).isEqualTo(url + "/login");
        guest.context().close();
        p.reload();
        ready(p);
        p.waitForSelector("#invites td.invite-state:has-text('used by frida')");
        p.context().close();
    }

    @Test
    void pageWeightAndListOfAThousandChats() throws Exception {
        UiHttp.Session carol = http.user("carol", "carols long password", false, KEY);
        // the chat page of a user with no chats, cold cache
        Map<?, ?> light = firstLoad(carol);
        for (int i = 0; i < 1000; i++) {
            HttpResponse<String> r = http.as(carol, "POST", "/api/v1/chat/sessions", "{\"title\":\"Chat " + i + " — 대화 " + i + "\"}");
            assertThat(r.statusCode()).isEqualTo(201);
        }
        Map<?, ?> heavy = firstLoad(carol);
        long lightBytes = ((Number) light.get("transfer")).longValue();
        long heavyBytes = ((Number) heavy.get("transfer")).longValue();
        assertThat(lightBytes).isLessThan(300 * 1024);
        assertThat(heavyBytes).isLessThan(300 * 1024);
        // compression is on: what went over the wire is far less than what the page decoded
        assertThat(lightBytes).isLessThan(((Number) light.get("decoded")).longValue() / 2);
        assertThat(((Number) heavy.get("listCount")).intValue()).isEqualTo(1000);
        String report = String.format(java.util.Locale.ROOT,
                "chat page first load (cold cache, no chats): %d bytes transferred, %d bytes decoded, %d resources%n"
                        + "chat page first load (cold cache, 1000 chats): %d bytes transferred, %d bytes decoded%n"
                        + "chat list render, 1000 chats: %.1f ms%n",
                lightBytes, ((Number) light.get("decoded")).longValue(), ((Number) light.get("resources")).intValue(),
                heavyBytes, ((Number) heavy.get("decoded")).longValue(), ((Number) heavy.get("listRenderMs")).doubleValue());
        Files.writeString(Path.of("target", "ui-metrics.txt"), report);
        System.out.print(report);
    }

    /** Loads the chat page with a fresh cache as the given session; transfer and decoded sizes of everything it loaded. */
    private static Map<?, ?> firstLoad(UiHttp.Session s) {
        Page p = newPage();
        String[] cookie = s.cookie().split("=", 2);
        p.context().addCookies(List.of(new Cookie(cookie[0], cookie[1]).setUrl(url)));
        p.navigate(url + "/");
        ready(p);
        p.waitForLoadState();
        Map<?, ?> m = (Map<?, ?>) p.evaluate("() => { const all = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];"
                + " return { transfer: all.reduce((a, e) => a + e.transferSize, 0), decoded: all.reduce((a, e) => a + e.decodedBodySize, 0),"
                + " resources: all.length, listRenderMs: window.llmsvcMetrics.listRenderMs, listCount: window.llmsvcMetrics.listCount }; }");
        screenshot(p, ((Number) m.get("listCount")).intValue() > 0 ? "chat-1000-sessions" : "chat-empty");
        p.context().close();
        return m;
    }

    @Test
    void documentsPageAndACitedAnswer() {
        Page p = signIn("bob", "bobs long password", null);
        p.navigate(url + "/documents");
        ready(p);
        String doc = "# Zorblax maintenance handbook\n\nThe Zorblax maintenance protocol requires exactly seventeen blue widgets per quarter.\n\n"
                + "## Leave\n\nEmployees receive fifteen days of paid annual leave.\n" + "Unrelated filler text for size. ".repeat(3_000);
        p.setInputFiles("#file", new com.microsoft.playwright.options.FilePayload("zorblax.md", "text/markdown",
                doc.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        p.fill("#upload-title", "Zorblax handbook");
        p.click("#upload button[type=submit]");
        Locator row = p.locator("#documents tr", new Page.LocatorOptions().setHasText("Zorblax handbook"));
        row.and(p.locator("tr[data-status=ready]")).waitFor(new Locator.WaitForOptions().setTimeout(120_000));
        // the upload went through XMLHttpRequest with progress events up to 100 %
        Map<?, ?> progress = (Map<?, ?>) p.evaluate("() => window.llmsvcUpload");
        assertThat(((Number) progress.get("events")).intValue()).isPositive();
        assertThat(((Number) progress.get("percent")).intValue()).isEqualTo(100);
        assertThat(row.locator("select.visibility").inputValue()).isEqualTo("private");

        // a file the agent cannot read fails with its reason; the page stops polling it
        byte[] junk = new byte[2048];
        new java.util.Random(3).nextBytes(junk);
        p.setInputFiles("#file", new com.microsoft.playwright.options.FilePayload("blob.bin", "application/octet-stream", junk));
        p.click("#upload button[type=submit]");
        Locator failed = p.locator("#documents tr[data-status=failed]", new Page.LocatorOptions().setHasText("blob.bin"));
        failed.waitFor(new Locator.WaitForOptions().setTimeout(120_000));
        assertThat(failed.locator(".reason").textContent()).isNotBlank();
        screenshot(p, "documents");

        // alice is an admin: her own list leaves bob's private documents out; the explicit view of every user's
        // documents shows them, naming bob as the owner in the visibility control
        Page admin = signIn("alice", "alices long password", null);
        admin.navigate(url + "/documents");
        ready(admin);
        assertThat(admin.locator("#documents tr", new Page.LocatorOptions().setHasText("Zorblax handbook")).count()).isZero();
        admin.check("#all-users");
        Locator bobs = admin.locator("#documents tr", new Page.LocatorOptions().setHasText("Zorblax handbook"));
        bobs.waitFor();
        assertThat(bobs.locator("td.owner").textContent()).isEqualTo("bob");
        assertThat(bobs.locator("select.visibility option:checked").textContent()).isEqualTo("Only bob");
        screenshot(admin, "documents-admin-view");
        admin.context().close();

        // the chat routes the question to the document agent; the answer says so and cites the passage
        p.navigate(url + "/");
        ready(p);
        assertThat(p.inputValue("#agent")).isEqualTo("auto");
        send(p, "Search my uploaded documents: how many blue widgets does the Zorblax maintenance protocol require?");
        awaitAnswer(p, 1);
        Locator answer = p.locator(".msg.assistant").last();
        assertThat(answer.getAttribute("data-agent")).isEqualTo("documents");
        assertThat(answer.locator(".agent-badge").textContent()).isEqualTo("Documents");
        assertThat(answer.locator(".intent").textContent()).isEqualTo("document_search");
        assertThat(answer.locator(".confidence").textContent()).matches("\\d{1,3}%");
        assertThat(answer.locator(".citations .cite").count()).isPositive();
        screenshot(p, "chat-documents-answer");
        answer.locator(".citations .cite").first().click();
        p.waitForSelector("#passage[data-loaded=true]");
        assertThat(p.textContent("#passage .text")).contains("seventeen blue widgets");
        assertThat(p.textContent("#passage .meta")).contains("zorblax.md");
        screenshot(p, "chat-passage");
        p.click("#passage .close");
        assertThat(p.isVisible("#passage")).isFalse();

        // the history keeps who answered; a general message goes to the chat model and streams as before
        p.waitForSelector(".session.active");
        p.reload();
        ready(p);
        Locator stored = p.locator(".msg.assistant").last();
        assertThat(stored.getAttribute("data-agent")).isEqualTo("documents");
        assertThat(stored.locator(".intent").textContent()).isEqualTo("document_search");
        assertThat(stored.locator(".citations .cite").count()).isPositive();
        p.selectOption("#model", "tiny");
        settings(p, "4");
        send(p, "hello");
        awaitAnswer(p, 2);
        assertThat(p.locator(".msg.assistant").last().getAttribute("data-agent")).isEqualTo("general");
        p.locator(".msg.assistant .cite-ref, .msg.assistant .cite").first().click();
        p.waitForSelector("#passage[data-loaded=true]");

        // delete both documents in the page; the cited passage is then gone for the chat too
        p.navigate(url + "/documents");
        ready(p);
        p.onDialog(d -> d.accept());
        p.locator("#documents tr", new Page.LocatorOptions().setHasText("blob.bin")).locator(".delete").click();
        p.locator("#documents tr", new Page.LocatorOptions().setHasText("Zorblax handbook")).locator(".delete").click();
        p.waitForFunction("() => document.querySelectorAll('#documents tr').length === 0");
        p.reload();
        ready(p);
        assertThat(p.locator("#documents tr").count()).isZero();
        p.navigate(url + "/");
        ready(p);
        p.click(".session.active .title, .session .title");
        p.waitForSelector(".msg.assistant[data-agent=documents]");
        p.locator(".msg.assistant[data-agent=documents] .cite").first().click();
        p.waitForFunction("() => document.querySelector('#passage .meta').textContent.includes('no longer available')");
        p.context().close();
    }
}
