package io.llmsvc.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.WaitForSelectorState;
import io.llmsvc.server.LlmsvcApplication;
import io.llmsvc.testkit.gguf.TinyModels;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The files and jobs pages in headless chromium against the whole system (jobs run by the in-process {@code jobs}
 * target, which looks for work every 5 s): files uploaded through the page (a Korean name, signed PUT with
 * progress) become ready and download as they were sent; two files archived from the page make a
 * {@code files.archive} job that the jobs page follows live to {@code succeeded}, and its result link downloads the
 * ZIP of both; a file deleted in the page is gone; the Korean UI on both pages; the recurring schedules and the
 * all-users toggle for admins only; a job whose attempt failed shows why and when it is tried again, and is
 * cancelled with its button. Screenshots go to {@code target/screenshots}.
 */
class JobsPagesIT {
    static final String KEY = "sk-jobs-ui-bootstrap-0123456789";
    static final String TOKEN = "cluster-token-for-jobs-ui-tests-0123456789";
    static final Path SHOTS = Path.of("target", "screenshots");
    /** Generous: a job starts within the queue's 5 s poll, plus a loaded 2-core machine. */
    static final double JOB_WAIT_MS = 60_000;
    @TempDir
    static Path dir;
    static ConfigurableApplicationContext ctx;
    static String url;
    static UiHttp http;
    static UiHttp.Session bob, carol, dan;
    static Playwright pw;
    static com.microsoft.playwright.Browser browser;

    @BeforeAll
    static void start() throws Exception {
        pw = Browser.playwright();
        browser = Browser.launch(pw);
        Files.createDirectories(SHOTS);
        Path models = Files.createDirectories(dir.resolve("models"));
        TinyModels.write(models, "tiny");
        ctx = new SpringApplication(LlmsvcApplication.class).run("--server.port=0", "--llmsvc.data-dir=" + dir.resolve("data"),
                "--llmsvc.models-dir=" + models, "--llmsvc.bootstrap-key=" + KEY, "--llmsvc.users.signup-enabled=true", "--llmsvc.users.retire-bootstrap-key=false", "--llmsvc.cluster-token=" + TOKEN,
                "--llmsvc.worker.context-size=256",
                // a failed attempt waits long before its retry, so the page can show it queued with its reason
                "--llmsvc.jobs.retry-backoff=10m");
        url = "http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port");
        http = new UiHttp(url);
        http.user("alice", "alices long password", true, KEY);
        bob = http.user("bob", "bobs long password", false, KEY);
        carol = http.user("carol", "carols long password", false, KEY);
        dan = http.user("dan", "dans long password", false, KEY);
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (pw != null) pw.close();
        if (ctx != null) ctx.close();
    }

    static Page signIn(String user, String password, String path) {
        BrowserContext c = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setViewportSize(1280, 820).setLocale("en-US").setAcceptDownloads(true));
        Page p = c.newPage();
        p.setDefaultTimeout(30_000);
        p.navigate(url + path);
        p.waitForURL("**/login?next=**");
        p.fill("#username", user);
        p.fill("#password", password);
        p.click("button[type=submit]");
        p.waitForURL(url + path);
        ready(p);
        return p;
    }

    static void ready(Page p) {
        p.waitForSelector("body[data-ready=true]", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.ATTACHED));
    }

    static void screenshot(Page p, String name) {
        p.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")).setFullPage(true));
    }

    static Locator fileRow(Page p, String name) {
        return p.locator("#files tr", new Page.LocatorOptions().setHas(p.locator("b.name", new Page.LocatorOptions().setHasText(name))));
    }

    static byte[] downloaded(Download d) throws Exception {
        assertThat(d.failure()).isNull();
        return Files.readAllBytes(d.path());
    }

    static Map<String, String> unzip(byte[] zip) throws Exception {
        Map<String, String> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) entries.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        return entries;
    }

    /** Uploads a text file over plain HTTP as the session's user (POST /api/files, then the signed PUT); its id. */
    static String uploadOverHttp(UiHttp.Session s, String name, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> c = http.as(s, "POST", "/api/files",
                UiHttp.JSON.writeValueAsString(Map.of("name", name, "content_type", "text/plain", "size", bytes.length, "purpose", "upload")));
        assertThat(c.statusCode()).as(c.body()).isEqualTo(201);
        JsonNode created = UiHttp.json(c);
        HttpResponse<String> put = UiHttp.HTTP.send(HttpRequest.newBuilder(URI.create(created.path("upload").path("url").asString()))
                .header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        return created.path("file").path("id").asString();
    }

    static String archiveOverHttp(UiHttp.Session s, List<String> ids) throws Exception {
        HttpResponse<String> r = http.as(s, "POST", "/api/files/archive", UiHttp.JSON.writeValueAsString(Map.of("file_ids", ids, "name", "x.zip")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return UiHttp.json(r).path("id").asString();
    }

    @Test
    void filesUploadedThroughThePageAreArchivedByAJobFollowedLive() throws Exception {
        Page p = signIn("bob", "bobs long password", "/files");
        assertThat(p.isVisible("#empty-files")).isTrue();
        assertThat(p.isDisabled("#archive-button")).isTrue();

        // a Korean name through the page: create, signed PUT (with progress), ready
        String report = "분기 보고서 — 매출이 12% 늘었습니다.\nrevenue grew\n";
        p.setInputFiles("#file", new FilePayload("보고서.txt", "text/plain", report.getBytes(StandardCharsets.UTF_8)));
        p.click("#upload button[type=submit]");
        Locator first = fileRow(p, "보고서.txt");
        first.and(p.locator("[data-status=ready]")).waitFor();
        assertThat(first.locator(".state").textContent()).isEqualTo("ready");
        assertThat(first.textContent()).contains("text/plain").contains(report.getBytes(StandardCharsets.UTF_8).length + " B");
        assertThat(((Number) p.evaluate("() => window.llmsvcUpload?.percent ?? -1")).intValue()).isEqualTo(100);

        // Download: the page fetches a fresh signed URL and follows it; the bytes are the ones uploaded
        Download d = p.waitForDownload(() -> first.locator(".download").click());
        assertThat(d.suggestedFilename()).isEqualTo("보고서.txt");
        assertThat(new String(downloaded(d), StandardCharsets.UTF_8)).isEqualTo(report);
        String signed = (String) p.evaluate("() => window.llmsvcLastDownload");
        assertThat(signed).contains("/files/o/").contains("sig=");
        HttpResponse<byte[]> plain = UiHttp.HTTP.send(HttpRequest.newBuilder(URI.create(signed)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(plain.statusCode()).isEqualTo(200); // the signed URL needs no session
        assertThat(new String(plain.body(), StandardCharsets.UTF_8)).isEqualTo(report);

        p.setInputFiles("#file", new FilePayload("notes.txt", "text/plain", "second file".getBytes(StandardCharsets.UTF_8)));
        p.click("#upload button[type=submit]");
        fileRow(p, "notes.txt").and(p.locator("[data-status=ready]")).waitFor();
        screenshot(p, "files");

        // select both, archive, follow the link to the job
        first.locator(".pick").check();
        fileRow(p, "notes.txt").locator(".pick").check();
        assertThat(p.textContent("#selected-count")).isEqualTo("2 selected");
        p.fill("#archive-name", "묶음.zip");
        p.click("#archive-button");
        p.waitForSelector("#archive-job");
        String job = p.getAttribute("#archive-job", "data-job");
        p.click("#archive-job");
        p.waitForURL(url + "/jobs#" + job);
        ready(p);
        Locator row = p.locator("#jobs tr[data-id='" + job + "']");
        String seenFirst = row.getAttribute("data-state");
        assertThat(row.locator(".type").textContent()).isEqualTo("files.archive");
        assertThat(row.getAttribute("class")).contains("highlight");
        // the page is not reloaded: the state it reaches came by its event stream (or its poll)
        p.locator("#jobs tr[data-id='" + job + "'][data-state=succeeded]").waitFor(new Locator.WaitForOptions().setTimeout(JOB_WAIT_MS));
        System.out.println("JobsPagesIT: the archive job was " + seenFirst + " when the page opened");
        assertThat(row.locator(".state").textContent()).isEqualTo("succeeded");
        assertThat(row.locator(".attempts").textContent()).isEqualTo("1/3");
        assertThat(row.locator(".summary").textContent()).contains("2 files");
        assertThat(row.locator(".cancel").count()).isZero(); // a finished job has no Cancel
        assertThat(row.locator("progress").count()).isZero();
        assertThat(p.isVisible("#recurring-section")).isFalse(); // not an admin
        assertThat(p.isVisible("#all-users-label")).isFalse();
        screenshot(p, "jobs");

        // the result link downloads the ZIP of both files
        Download zip = p.waitForDownload(() -> row.locator(".result-download").click());
        assertThat(zip.suggestedFilename()).isEqualTo("묶음.zip");
        assertThat(unzip(downloaded(zip))).containsOnly(Map.entry("보고서.txt", report), Map.entry("notes.txt", "second file"));

        // back on the files page: the ZIP is listed as made by the job; delete the report
        p.click("nav a[href='/files']");
        ready(p);
        Locator zipRow = fileRow(p, "묶음.zip");
        assertThat(zipRow.locator("a[href='/jobs#" + job + "']").textContent()).isEqualTo("made by a job");
        String reportId = first.getAttribute("data-id");
        AtomicReference<String> asked = new AtomicReference<>();
        p.onceDialog(dialog -> {
            asked.set(dialog.message());
            dialog.accept();
        });
        first.locator(".delete").click();
        p.waitForFunction("() => ![...document.querySelectorAll('#files b.name')].some(b => b.textContent === '보고서.txt')");
        assertThat(asked.get()).contains("보고서.txt");
        assertThat(http.as(bob, "GET", "/api/files/" + reportId, null).statusCode()).isEqualTo(404);
        p.reload();
        ready(p);
        assertThat(fileRow(p, "보고서.txt").count()).isZero();
        assertThat(fileRow(p, "notes.txt").count()).isEqualTo(1);

        // Korean on both pages
        p.selectOption("#lang", "ko");
        assertThat(p.textContent("h1")).isEqualTo("파일");
        assertThat(p.textContent("#archive-button")).isEqualTo("선택한 파일 묶기");
        assertThat(p.textContent("nav a[href='/jobs']")).isEqualTo("작업");
        assertThat(fileRow(p, "notes.txt").locator(".download").textContent()).isEqualTo("내려받기");
        screenshot(p, "files-ko");
        p.click("nav a[href='/jobs']");
        ready(p);
        assertThat(p.textContent("h1")).isEqualTo("작업");
        assertThat(p.locator("#jobs tr[data-id='" + job + "'] .state").textContent()).isEqualTo("성공");
        assertThat(p.textContent("nav a[href='/files']")).isEqualTo("파일");
        screenshot(p, "jobs-ko");
        p.context().close();
    }

    @Test
    void aFailedAttemptShowsItsReasonAndNextTryAndTheJobIsCancelled() throws Exception {
        Page p = signIn("carol", "carols long password", "/jobs");
        assertThat(p.isVisible("#empty-jobs")).isTrue();
        // a ready file whose bytes are gone from the store: the archive's attempt fails transiently (the object is
        // missing) and the job waits for its retry, 10 minutes away, queued with the reason
        String id = uploadOverHttp(carol, "lost.txt", "soon gone");
        Files.delete(dir.resolve("data/files/objects/files/" + id));
        String job = archiveOverHttp(carol, List.of(id));
        // the page shows the new job and its failed attempt without being reloaded
        Locator row = p.locator("#jobs tr[data-id='" + job + "']");
        p.locator("#jobs tr[data-id='" + job + "'][data-state=queued] .reason").waitFor(new Locator.WaitForOptions().setTimeout(JOB_WAIT_MS));
        assertThat(row.locator(".reason").textContent()).isNotBlank();
        assertThat(row.locator(".retry").textContent()).startsWith("Next attempt at ");
        assertThat(row.locator(".attempts").textContent()).isEqualTo("1/3");
        assertThat(row.locator(".state").textContent()).isEqualTo("queued");
        assertThat(row.locator("progress").count()).isZero(); // the last attempt's progress is not shown while queued
        // followed by its event stream while unfinished, which closes when the job ends
        assertThat(((Number) p.evaluate("() => window.llmsvcJobStreams")).intValue()).isEqualTo(1);
        screenshot(p, "jobs-retry");

        p.onceDialog(dialog -> dialog.accept());
        row.locator(".cancel").click();
        p.locator("#jobs tr[data-id='" + job + "'][data-state=cancelled]").waitFor();
        assertThat(row.locator(".cancel").count()).isZero();
        assertThat(row.locator(".state").textContent()).isEqualTo("cancelled");
        p.waitForFunction("() => window.llmsvcJobStreams === 0");
        assertThat(UiHttp.json(http.as(carol, "GET", "/api/jobs/" + job, null)).path("state").asString()).isEqualTo("cancelled");
        p.reload();
        ready(p);
        assertThat(p.locator("#jobs tr[data-id='" + job + "']").getAttribute("data-state")).isEqualTo("cancelled");
        p.context().close();
    }

    @Test
    void adminsSeeTheRecurringJobsAndEveryonesJobs() throws Exception {
        String file = uploadOverHttp(dan, "for-admin.txt", "dan's");
        String job = archiveOverHttp(dan, List.of(file));
        Page p = signIn("alice", "alices long password", "/jobs");
        p.waitForSelector("#recurring-section:not(.hidden)");
        assertThat(p.locator("#recurring tr[data-type='jobs.prune']").count()).isEqualTo(1);
        assertThat(p.locator("#recurring tr[data-type='files.cleanup']").count()).isEqualTo(1);
        assertThat(p.locator("#recurring tr[data-type='files.cleanup'] code").textContent()).isNotBlank();
        assertThat(p.locator("#jobs tr[data-id='" + job + "']").count()).isZero(); // her own jobs only
        assertThat(p.isVisible("th.owner-col")).isFalse();
        p.check("#all-users");
        Locator row = p.locator("#jobs tr[data-id='" + job + "']");
        row.waitFor();
        assertThat(p.isVisible("th.owner-col")).isTrue();
        String danId = UiHttp.json(http.as(dan, "GET", "/api/v1/auth/me", null)).path("user").path("id").asString();
        assertThat(row.locator(".owner-col").textContent()).isEqualTo(danId);
        p.locator("#jobs tr[data-id='" + job + "'][data-state=succeeded]").waitFor(new Locator.WaitForOptions().setTimeout(JOB_WAIT_MS));
        screenshot(p, "jobs-admin");
        p.selectOption("#lang", "ko");
        assertThat(p.textContent("#recurring-section h2")).isEqualTo("반복 작업");
        assertThat(p.textContent("#all-users-label")).contains("모든 사용자");
        p.context().close();
    }
}
