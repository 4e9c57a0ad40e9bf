package io.llmsvc.testkit.redis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The machine's real Redis ({@code LLMSVC_TEST_REDIS_URL}, default {@code redis://127.0.0.1:6379}). When it is
 * absent the test is skipped locally and fails when {@code CI=true}. Tests isolate themselves with {@link #prefix()}.
 */
public final class TestRedis {
    public static final String URL = env("LLMSVC_TEST_REDIS_URL", "redis://127.0.0.1:6379");

    /** The URL of a reachable Redis (or the test is skipped / fails in CI). */
    public static String url() {
        URI u = URI.create(URL);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(u.getHost(), u.getPort() < 0 ? 6379 : u.getPort()), 1000);
        } catch (IOException e) {
            String msg = "Redis is not reachable at " + u.getHost() + ":" + u.getPort() + " (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new IllegalStateException(msg + "; CI must provide it", e);
            Assumptions.abort(msg + "; skipped outside CI");
        }
        return URL;
    }

    /** A key namespace no other test uses. */
    public static String prefix() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }

    private TestRedis() {}
}
