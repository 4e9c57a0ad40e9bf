package io.llmsvc.server.ui;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Debian chromium driven by Playwright. Nothing downloads a browser: the driver is told to skip it and
 * is pointed at {@code /usr/bin/chromium}. Without chromium the browser tests are skipped locally and fail on CI
 * ({@code CI=true}), where {@code .ci/browser.sh} installs it.
 */
final class Browser {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private Browser() {}

    static Playwright playwright() {
        if (!Files.isExecutable(CHROMIUM)) {
            if ("true".equals(System.getenv("CI"))) throw new IllegalStateException(CHROMIUM + " is missing; .ci/browser.sh installs it");
            Assumptions.abort(CHROMIUM + " is not installed (apt-get install chromium): browser tests skipped");
        }
        return Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    static com.microsoft.playwright.Browser launch(Playwright pw) {
        return pw.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
    }
}
