package io.llmsvc.server.ui;

import com.microsoft.playwright.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The accessibility check of a page: axe-core (npm, installed by {@code .ci/axe.sh}) injected into the page and run
 * on the whole document. The script is {@code -Dllmsvc.axe=PATH}, else {@code LLMSVC_AXE_HOME} (default
 * {@code ~/.cache/llmsvc/axe}) {@code /node_modules/axe-core/axe.min.js}. Without it the tests that need it are
 * skipped locally and fail on CI ({@code CI=true}), like the browser itself ({@link Browser}).
 */
final class Axe {
    private Axe() {}

    static Path script() {
        String prop = System.getProperty("llmsvc.axe");
        if (prop != null && !prop.isBlank()) return Path.of(prop);
        String env = System.getenv("LLMSVC_AXE_HOME");
        Path home = env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "llmsvc", "axe");
        return home.resolve("node_modules/axe-core/axe.min.js");
    }

    /** Fails (CI) or skips the calling test (elsewhere) when axe-core is not installed. */
    static Path require() {
        Path script = script();
        if (!Files.isRegularFile(script)) {
            String msg = "axe-core is not installed at " + script + " (run .ci/axe.sh)";
            if ("true".equals(System.getenv("CI"))) throw new IllegalStateException(msg + "; CI must provide it");
            Assumptions.abort(msg + ": accessibility checks skipped");
        }
        return script;
    }

    /**
     * Runs axe-core in the page. Evaluated through the driver rather than added as a {@code <script>} element: the
     * pages' Content-Security-Policy refuses inline scripts, and the test must not switch it off.
     */
    static void inject(Page p) {
        if (!p.evaluate("() => typeof window.axe").equals("undefined")) return;
        try {
            p.evaluate(Files.readString(require()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The serious and critical violations on the page as "rule: selector, selector (help)" lines; empty when there
     * are none. Every rule axe runs by default is on, colour contrast included.
     */
    static List<String> seriousViolations(Page p) {
        inject(p);
        @SuppressWarnings("unchecked")
        List<String> found = (List<String>) p.evaluate("async () => {"
                + " const r = await axe.run(document, { resultTypes: ['violations'] });"
                + " return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + "   .map(v => v.id + ' [' + v.impact + ']: ' + v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(', ') + ' (' + v.help + ')'); }");
        return found;
    }

    /** axe's own results for one rule on the page (for the test that shows the check can fail). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> rule(Page p, String rule) {
        inject(p);
        return (Map<String, Object>) p.evaluate("async rule => { const r = await axe.run(document, { runOnly: [rule] });"
                + " return { violations: r.violations.length, passes: r.passes.length }; }", rule);
    }
}
