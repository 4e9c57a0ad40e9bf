package io.llmsvc.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.WaitForSelectorState;
import io.llmsvc.server.LlmsvcApplication;
import io.llmsvc.testkit.gguf.TinyModels;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * The web UI on a phone (390×844) and a desktop (1280×800), in the light and the dark colour scheme: every page
 * fits without a horizontal scroll, its body text has a contrast of at least 4.5:1 and axe-core finds no serious or
 * critical violation; the menu button opens and closes the sidebar by keyboard; the theme picker wins over the
 * system's scheme and survives a reload; unknown addresses get the 404 page (browsers) or JSON (APIs); the chat
 * and the documents page work from the keyboard alone; the citation panel closes by Escape and with a new chat.
 * Screenshots go to {@code target/screenshots}.
 */
class ResponsiveAndThemeIT {
    static final String KEY = "sk-ui-responsive-bootstrap-0123456789";
    static final String TOKEN = "cluster-token-for-ui-responsive-0123456789";
    static final int[] PHONE = {390, 844};
    static final int[] DESKTOP = {1280, 800};
    /** Every page of the UI; the ones marked true need a signed-in user. */
    static final Map<String, Boolean> PAGES = new java.util.LinkedHashMap<>();

    static {
        PAGES.put("/", true);
        PAGES.put("/documents", true);
        PAGES.put("/files", true);
        PAGES.put("/jobs", true);
        PAGES.put("/me", true);
        PAGES.put("/admin", true);
        PAGES.put("/login", false);
        PAGES.put("/signup", false);
        PAGES.put("/nope", false);
    }

    @TempDir
    static Path dir;
    static ConfigurableApplicationContext ctx;
    static String url;
    static UiHttp http;
    static UiHttp.Session ann;
    static String chatId;
    static Playwright pw;
    static com.microsoft.playwright.Browser browser;

    @BeforeAll
    static void start() throws Exception {
        pw = Browser.playwright();
        browser = Browser.launch(pw);
        Files.createDirectories(WebUiIT.SHOTS);
        Path models = Files.createDirectories(dir.resolve("models"));
        TinyModels.write(models, "tiny");
        ctx = new SpringApplication(LlmsvcApplication.class).run("--server.port=0", "--llmsvc.data-dir=" + dir.resolve("data"),
                "--llmsvc.models-dir=" + models, "--llmsvc.bootstrap-key=" + KEY, "--llmsvc.users.signup-enabled=true", "--llmsvc.users.retire-bootstrap-key=false", "--llmsvc.cluster-token=" + TOKEN,
                "--llmsvc.worker.context-size=256",
                // the agents use no LLM (the test model writes gibberish): answers are extractive
                "--llmsvc.agents.model=no-model-for-agents");
        url = "http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port");
        http = new UiHttp(url);
        ann = http.user("ann", "anns long password", true, KEY);
        // content on the pages: a document (a row in the table, the source of a citation) and a chat with a long line
        http.uploadDocument(ann, "handbook.md", "# Quokka handbook\n\nThe quokka enclosure needs exactly nine water bowls every morning.\n");
        HttpResponse<String> s = http.as(ann, "POST", "/api/v1/chat/sessions", "{\"title\":\"A chat with a long title that must not widen the page at all\"}");
        chatId = UiHttp.json(s).path("session_id").asString();
        http.as(ann, "POST", "/api/v1/chat/sessions/" + chatId + "/messages", "{\"messages\":[{\"role\":\"user\",\"content\":\""
                + "averyveryverylongwordwithoutanyspacesinit".repeat(6) + "\"},{\"role\":\"assistant\",\"content\":\"```\\n"
                + "code ".repeat(60) + "\\n```\"}]}");
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (pw != null) pw.close();
        if (ctx != null) ctx.close();
    }

    static Page open(int[] size, ColorScheme scheme, boolean signedIn) {
        BrowserContext c = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setViewportSize(size[0], size[1]).setLocale("en-US").setColorScheme(scheme));
        if (signedIn) {
            String[] cookie = ann.cookie().split("=", 2);
            c.addCookies(List.of(new Cookie(cookie[0], cookie[1]).setUrl(url)));
        }
        Page p = c.newPage();
        p.setDefaultTimeout(30_000);
        return p;
    }

    /** Goes to path and waits until its script has run (the sign-in pages: until the language picker is filled). */
    static Response go(Page p, String path) {
        Response r = p.navigate(url + path);
        if (path.equals("/login") || path.equals("/signup")) {
            p.waitForSelector("#lang option", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.ATTACHED));
        } else {
            WebUiIT.ready(p);
        }
        return r;
    }

    static boolean horizontalScroll(Page p) {
        return (Boolean) p.evaluate("() => document.scrollingElement.scrollWidth > window.innerWidth");
    }

    /** The contrast ratio of the element's text against the first opaque background behind it (WCAG 2 formula). */
    static double contrast(Page p, String selector) {
        return ((Number) p.evaluate("sel => {"
                + " const el = document.querySelector(sel); if (!el) throw new Error('no ' + sel);"
                + " const rgb = s => s.match(/[\\d.]+/g).map(Number);"
                + " const lum = ([r, g, b]) => { const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };"
                + "   return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };"
                + " let bg = null;"
                + " for (let e = el; e && !bg; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);"
                + "   if ((c.length === 4 ? c[3] : 1) > 0.9) bg = c.slice(0, 3); }"
                + " bg = bg || [255, 255, 255];"
                + " const a = lum(rgb(getComputedStyle(el).color)), b = lum(bg);"
                + " return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); }", selector)).doubleValue();
    }

    static double backgroundLuminance(Page p) {
        return ((Number) p.evaluate("() => { const c = getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g).map(Number);"
                + " return (0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]) / 255; }")).doubleValue();
    }

    /** The key text of each page whose contrast is measured (besides axe's own color-contrast rule). */
    static List<String> keyText(String path) {
        return switch (path) {
            case "/" -> List.of(".msg.user .body", ".msg .who", "#side .links a", "#side .who", ".bar label span");
            case "/documents", "/files", "/jobs" -> List.of(".page h1", ".page p.muted", "th", "#side .links a");
            case "/me", "/admin" -> List.of(".page h1", "#side .links a[aria-current=page]");
            case "/login", "/signup" -> List.of(".auth h1", ".auth label");
            default -> List.of(".auth h1", ".auth p.muted", "#home");
        };
    }

    @Test
    void everyPageFitsAPhoneAndADesktopInBothSchemesWithoutAccessibilityViolations() {
        Axe.require();
        List<String> problems = new ArrayList<>();
        for (int[] size : List.of(PHONE, DESKTOP)) {
            for (ColorScheme scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
                Page signedIn = open(size, scheme, true);
                Page anonymous = open(size, scheme, false);
                for (var e : PAGES.entrySet()) {
                    String path = e.getKey();
                    Page p = e.getValue() ? signedIn : anonymous;
                    String where = path + " at " + size[0] + "x" + size[1] + " " + scheme;
                    go(p, path.equals("/") ? "/#" + chatId : path);
                    if (path.equals("/")) p.waitForSelector(".msg.assistant");
                    // the page follows the system's scheme
                    double lum = backgroundLuminance(p);
                    if (scheme == ColorScheme.DARK ? lum > 0.2 : lum < 0.8) problems.add(where + ": background luminance " + lum);
                    if (horizontalScroll(p)) {
                        problems.add(where + ": scrolls sideways, " + p.evaluate("() => document.scrollingElement.scrollWidth") + " px wide");
                    }
                    for (String sel : keyText(path)) {
                        double ratio = contrast(p, sel);
                        if (ratio < 4.5) problems.add(where + ": contrast of " + sel + " is " + String.format("%.2f", ratio));
                    }
                    if (e.getValue()) {
                        boolean phone = size == PHONE;
                        // the sidebar is an overlay behind the menu button on the phone, always there on the desktop
                        if (p.isVisible("#menu") != phone) problems.add(where + ": menu button visible=" + !phone);
                        if (p.isVisible("#side .links") == phone) problems.add(where + ": sidebar visible=" + phone);
                    }
                    if (path.equals("/") && size == PHONE) {
                        double width = ((Number) p.evaluate("() => document.getElementById('input').getBoundingClientRect().width")).doubleValue();
                        // the input fills the composer (the send button beside it), not a strip of 120 px
                        if (width < size[0] - 120) problems.add(where + ": chat input only " + width + " px wide");
                    }
                    for (String v : Axe.seriousViolations(p)) problems.add(where + ": " + v);
                    WebUiIT.screenshot(p, "responsive" + (path.equals("/") ? "-chat" : path.replace('/', '-')) + "-" + size[0] + "-" + scheme.name().toLowerCase());
                }
                signedIn.context().close();
                anonymous.context().close();
            }
        }
        assertThat(problems).isEmpty();
    }

    /** What the browser refused under the page's Content-Security-Policy: console errors and violation events. */
    static List<String> watchCsp(Page p) {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        p.onConsoleMessage(m -> { if (m.text().contains("Content Security Policy")) seen.add(m.text()); });
        p.addInitScript("document.addEventListener('securitypolicyviolation', e =>"
                + " console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI))");
        return seen;
    }

    @Test
    void everyPageLoadsWithoutAContentSecurityPolicyViolation() {
        List<String> problems = new ArrayList<>();
        for (boolean signedIn : List.of(true, false)) {
            Page p = open(DESKTOP, ColorScheme.LIGHT, signedIn);
            List<String> violations = watchCsp(p);
            for (var e : PAGES.entrySet()) {
                if (e.getValue() != signedIn) continue;
                String path = e.getKey();
                Response r = go(p, path.equals("/") ? "/#" + chatId : path);
                assertThat(r.headers().get("content-security-policy")).as(path).contains("default-src 'self'");
                if (path.equals("/")) p.waitForSelector(".msg.assistant pre code.hljs");
                if (path.equals("/admin")) p.waitForSelector("#cards .card");
                p.waitForTimeout(300);
                violations.forEach(v -> problems.add(path + ": " + v));
                violations.clear();
            }
            if (signedIn) {
                // the check itself works: an image from another site is refused and reported
                go(p, "/documents");
                p.evaluate("() => document.querySelector('.page').insertAdjacentHTML('beforeend', '<img alt=x src=\"http://example.invalid/b.png\">')");
                p.waitForCondition(() -> !violations.isEmpty());
                assertThat(violations).anyMatch(v -> v.contains("img-src") || v.contains("example.invalid"));
            }
            p.context().close();
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void axeReportsAViolationThatIsThere() {
        // the check itself works: an unlabelled input and an image without text are caught
        Page p = open(DESKTOP, ColorScheme.LIGHT, true);
        go(p, "/files");
        assertThat(Axe.seriousViolations(p)).isEmpty();
        p.evaluate("() => document.querySelector('.page').insertAdjacentHTML('beforeend', '<input id=bare><img src=/x.png>')");
        assertThat(Axe.seriousViolations(p)).anyMatch(v -> v.startsWith("label")).anyMatch(v -> v.startsWith("image-alt"));
        p.context().close();
    }

    @Test
    void theMenuOpensAndClosesByKeyboardOnAPhone() {
        Page p = open(PHONE, ColorScheme.LIGHT, true);
        for (String path : List.of("/documents", "/")) {
            go(p, path);
            assertThat(p.getAttribute("#menu", "aria-expanded")).isEqualTo("false");
            // the closed overlay takes no focus: the first Tab reaches the menu button
            p.keyboard().press("Tab");
            assertThat(p.evaluate("() => document.activeElement.id")).isEqualTo("menu");
            p.keyboard().press("Enter");
            assertThat(p.getAttribute("#menu", "aria-expanded")).isEqualTo("true");
            p.waitForSelector("#side .links", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.VISIBLE));
            assertThat(p.evaluate("() => document.activeElement.closest('#side') !== null")).isEqualTo(true);
            // the overlay is modal: Tab stays inside it
            for (int i = 0; i < 12; i++) {
                p.keyboard().press("Tab");
                assertThat(p.evaluate("() => document.activeElement.closest('#side') !== null")).as("tab " + i).isEqualTo(true);
            }
            assertThat(horizontalScroll(p)).isFalse();
            WebUiIT.screenshot(p, "responsive-menu-open" + path.replace('/', '-'));
            p.keyboard().press("Escape");
            assertThat(p.getAttribute("#menu", "aria-expanded")).isEqualTo("false");
            p.waitForSelector("#side .links", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.HIDDEN));
            assertThat(p.evaluate("() => document.activeElement.id")).isEqualTo("menu");
        }
        // the current page is marked in the one navigation, the same on every page
        go(p, "/jobs");
        assertThat(p.getAttribute("#side .links a[aria-current=page]", "href")).isEqualTo("/jobs");
        assertThat(p.locator("#side .links a").allTextContents()).containsExactly("Chat", "Documents", "Files", "Jobs", "My keys & usage", "Admin");
        // the backdrop closes it too, and a session picked in the chat's overlay closes it
        go(p, "/");
        p.click("#menu");
        p.mouse().click(380, 400);
        assertThat(p.getAttribute("#menu", "aria-expanded")).isEqualTo("false");
        p.click("#menu");
        p.click(".session[data-id='" + chatId + "'] .title");
        p.waitForSelector(".msg.user");
        assertThat(p.getAttribute("#menu", "aria-expanded")).isEqualTo("false");
        p.context().close();
    }

    @Test
    void theThemePickerWinsOverTheSystemAndSurvivesAReload() {
        Page p = open(DESKTOP, ColorScheme.LIGHT, true);
        go(p, "/documents");
        assertThat(p.inputValue("#theme")).isEqualTo("system");
        assertThat(backgroundLuminance(p)).isGreaterThan(0.8);
        p.selectOption("#theme", "dark");
        assertThat(p.getAttribute("html", "data-theme")).isEqualTo("dark");
        assertThat(backgroundLuminance(p)).isLessThan(0.2);
        p.reload();
        WebUiIT.ready(p);
        assertThat(p.inputValue("#theme")).isEqualTo("dark");
        assertThat(backgroundLuminance(p)).isLessThan(0.2);
        // the choice holds on the other pages, the sign-in page too
        go(p, "/");
        assertThat(backgroundLuminance(p)).isLessThan(0.2);
        go(p, "/login");
        assertThat(backgroundLuminance(p)).isLessThan(0.2);
        go(p, "/");
        // light under a dark system
        p.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
        p.selectOption("#theme", "light");
        assertThat(backgroundLuminance(p)).isGreaterThan(0.8);
        p.reload();
        WebUiIT.ready(p);
        assertThat(backgroundLuminance(p)).isGreaterThan(0.8);
        // back to the system's: dark, then light when the system changes
        p.selectOption("#theme", "system");
        assertThat(p.getAttribute("html", "data-theme")).isNull();
        assertThat((Object) p.evaluate("() => localStorage.getItem('llmsvc.theme')")).isNull();
        assertThat(backgroundLuminance(p)).isLessThan(0.2);
        p.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));
        assertThat(backgroundLuminance(p)).isGreaterThan(0.8);
        p.context().close();
    }

    @Test
    void unknownAddressesGetThe404PageInABrowserAndJsonFromTheApi() throws Exception {
        for (String path : List.of("/nope", "/ui/x", "/documents/extra")) {
            HttpResponse<String> r = page(path, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("text/html");
            assertThat(r.body()).contains("id=\"home\"").contains("href=\"/\"");
        }
        // APIs, and clients that do not ask for HTML, keep the JSON error
        for (String[] c : new String[][] {{"/api/nope", "text/html"}, {"/v1/nope", "text/html"}, {"/nope", "application/json"}, {"/nope", "*/*"}}) {
            HttpResponse<String> r = page(c[0], c[1]);
            assertThat(r.statusCode()).as(c[0] + " " + c[1]).isIn(401, 404);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(c[0] + " " + c[1]).startsWith("application/json");
            assertThat(r.body()).doesNotContain("<html");
        }
        assertThat(http.withKey(KEY, "GET", "/api/nope", null).statusCode()).isEqualTo(404);
        assertThat(UiHttp.json(http.withKey(KEY, "GET", "/v1/nope", null)).path("error").isObject()).isTrue();

        // in the browser: the page in the chosen language, and its link goes home
        Page p = open(PHONE, ColorScheme.DARK, true);
        go(p, "/login");
        p.evaluate("() => localStorage.setItem('llmsvc.lang', 'ko')");
        Response r = go(p, "/ui/x");
        assertThat(r.status()).isEqualTo(404);
        assertThat(p.textContent("h1")).isEqualTo("페이지를 찾을 수 없습니다");
        p.keyboard().press("Tab");
        assertThat(p.evaluate("() => document.activeElement.id")).isEqualTo("home");
        p.keyboard().press("Enter");
        p.waitForURL(url + "/");
        WebUiIT.ready(p);
        p.context().close();
    }

    private static HttpResponse<String> page(String path, String accept) throws Exception {
        return UiHttp.HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).header("Accept", accept).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Presses Tab until the element with the id has the focus; fails after max presses. */
    static void tabTo(Page p, String id, int max) {
        for (int i = 0; i < max; i++) {
            if (id.equals(p.evaluate("() => document.activeElement?.id"))) return;
            p.keyboard().press("Tab");
        }
        assertThat(p.evaluate("() => document.activeElement?.id")).as("focus after " + max + " tabs").isEqualTo(id);
    }

    static String outline(Page p) {
        return (String) p.evaluate("() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth; }");
    }

    @Test
    void theChatWorksFromTheKeyboardAlone() {
        for (int[] size : List.of(DESKTOP, PHONE)) {
            Page p = open(size, ColorScheme.LIGHT, true);
            go(p, "/");
            p.evaluate("() => { localStorage.setItem('llmsvc.agent', 'general'); localStorage.setItem('llmsvc.model', 'tiny');"
                    + " localStorage.setItem('llmsvc.maxTokens', '4'); }");
            p.reload();
            WebUiIT.ready(p);
            // focus order: the navigation (desktop) or the menu button (phone) comes before the chat
            p.keyboard().press("Tab");
            assertThat(p.evaluate("() => document.activeElement.id || document.activeElement.getAttribute('href')"))
                    .isEqualTo(size == PHONE ? "menu" : "/");
            assertThat(outline(p)).as("focus ring").startsWith("solid").doesNotEndWith(" 0px");
            tabTo(p, "input", 60);
            assertThat((String) p.evaluate("() => getComputedStyle(document.querySelector('.composer .box')).boxShadow")).isNotEqualTo("none");
            p.keyboard().type("first line");
            p.keyboard().press("Shift+Enter");
            p.keyboard().type("second line");
            assertThat(p.inputValue("#input")).isEqualTo("first line\nsecond line");
            assertThat(p.locator(".msg.user").count()).isZero();
            p.keyboard().press("Enter");
            WebUiIT.awaitAnswer(p, 1);
            assertThat(p.locator(".msg.user .body").first().textContent()).isEqualTo("first line\nsecond line");
            assertThat(p.inputValue("#input")).isEmpty();
            assertThat(horizontalScroll(p)).isFalse();
            p.context().close();
        }
    }

    @Test
    void theDocumentsPageWorksFromTheKeyboardAlone() {
        Page p = open(DESKTOP, ColorScheme.DARK, true);
        go(p, "/documents");
        tabTo(p, "file", 30);
        assertThat(outline(p)).startsWith("solid");
        // the file itself is picked in the browser's own dialog, which is not part of the page
        p.setInputFiles("#file", new FilePayload("keys.md", "text/markdown",
                "# Keyboard notes\n\nNothing here needs a mouse.\n".getBytes(StandardCharsets.UTF_8)));
        p.keyboard().press("Tab");
        assertThat(p.evaluate("() => document.activeElement.id")).isEqualTo("upload-title");
        p.keyboard().type("Keyboard notes");
        p.keyboard().press("Enter"); // submits the form
        Locator row = p.locator("#documents tr", new Page.LocatorOptions().setHasText("Keyboard notes"));
        row.and(p.locator("tr[data-status=ready]")).waitFor(new Locator.WaitForOptions().setTimeout(120_000));
        row.locator(".delete").focus();
        assertThat(outline(p)).startsWith("solid");
        p.onceDialog(d -> d.accept());
        p.keyboard().press("Enter");
        row.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));
        p.context().close();
    }

    @Test
    void theCitationPanelClosesWithEscapeAndWithANewChat() {
        for (int[] size : List.of(DESKTOP, PHONE)) {
            Page p = open(size, ColorScheme.LIGHT, true);
            go(p, "/");
            p.selectOption("#agent", "documents");
            WebUiIT.send(p, "How many water bowls does the quokka enclosure need?");
            WebUiIT.awaitAnswer(p, 1);
            Locator cite = p.locator(".msg.assistant .citations .cite").first();
            cite.focus();
            p.keyboard().press("Enter");
            p.waitForSelector("#passage[data-loaded=true]");
            assertThat(p.textContent("#passage .text")).contains("nine water bowls");
            // the focus went to the panel's close button, which has a name
            assertThat(p.evaluate("() => document.activeElement.matches('#passage .close')")).isEqualTo(true);
            assertThat(p.getAttribute("#passage .close", "aria-label")).isEqualTo("Close");
            assertThat(horizontalScroll(p)).isFalse();
            WebUiIT.screenshot(p, "responsive-passage-" + size[0]);
            p.keyboard().press("Escape");
            assertThat(p.isVisible("#passage")).isFalse();
            assertThat(p.evaluate("() => document.activeElement.classList.contains('cite')")).isEqualTo(true);
            // open again, then start a new chat: the passage belonged to the old one (on the phone the panel covers
            // the screen, so the button is pressed from the script there)
            p.keyboard().press("Enter");
            p.waitForSelector("#passage[data-loaded=true]");
            if (size == PHONE) p.evaluate("() => document.getElementById('new-chat').click()"); else p.click("#new-chat");
            assertThat(p.isVisible("#passage")).isFalse();
            assertThat(p.locator(".msg").count()).isZero();
            p.context().close();
        }
    }
}
