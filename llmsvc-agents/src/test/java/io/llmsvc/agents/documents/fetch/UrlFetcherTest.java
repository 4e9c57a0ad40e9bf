package io.llmsvc.agents.documents.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.llmsvc.agents.documents.DocumentsProperties;
import io.llmsvc.agents.documents.TestProps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

/** The SSRF guard and the limits, against a real HTTP server on 127.0.0.1. */
class UrlFetcherTest {
    private HttpServer server;
    private String base;
    private final AtomicInteger hits = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/doc.html", ex -> send(ex, 200, "text/html; charset=utf-8", "<html><body><p>안녕 hello</p></body></html>"));
        server.createContext("/image.png", ex -> send(ex, 200, "image/png", "not really"));
        server.createContext("/missing", ex -> send(ex, 404, "text/plain", "no"));
        server.createContext("/to-private", ex -> redirect(ex, "http://10.0.0.1/secret"));
        server.createContext("/to-metadata", ex -> redirect(ex, "http://169.254.169.254/latest/meta-data/"));
        server.createContext("/to-loopback2", ex -> redirect(ex, "http://127.0.0.2:" + server.getAddress().getPort() + "/doc.html"));
        server.createContext("/relative", ex -> redirect(ex, "/doc.html"));
        server.createContext("/loop", ex -> redirect(ex, "/loop"));
        server.createContext("/big", ex -> send(ex, 200, "text/plain", "x".repeat(300_000)));
        server.createContext("/big-chunked", ex -> {
            ex.getResponseHeaders().set("Content-Type", "text/plain");
            ex.sendResponseHeaders(200, 0); // chunked: the size is not announced
            try (OutputStream out = ex.getResponseBody()) {
                byte[] block = new byte[8192];
                java.util.Arrays.fill(block, (byte) 'y');
                for (int i = 0; i < 100; i++) out.write(block);
            } catch (IOException ignored) {
                // the client hung up at its limit
            }
        });
        server.createContext("/gzip", ex -> {
            ByteArrayOutputStream z = new ByteArrayOutputStream();
            try (GZIPOutputStream g = new GZIPOutputStream(z)) {
                g.write("# Title\n\ngzipped body".getBytes(StandardCharsets.UTF_8));
            }
            ex.getResponseHeaders().set("Content-Type", "text/markdown");
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
            ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"notes.md\"");
            ex.sendResponseHeaders(200, z.size());
            try (OutputStream out = ex.getResponseBody()) {
                out.write(z.toByteArray());
            }
        });
        server.createContext("/slow", ex -> {
            ex.getResponseHeaders().set("Content-Type", "text/plain");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write('z');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException ignored) {
                // the client gave up
            }
        });
        server.createContext("/", ex -> {
            hits.incrementAndGet();
            send(ex, 200, "text/plain", "root");
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    private static String fetchText(UrlFetcher f, String url) throws FetchException {
        return f.fetch(url, (meta, body) -> new String(body.readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Treats 127.0.0.1 (only) as public, so that redirects from a "public" server to private targets can be tested. */
    private static UrlFetcher exemptLoopback(DocumentsProperties props) {
        return new UrlFetcher(props, a -> a.getHostAddress().equals("127.0.0.1"));
    }

    @Test
    void aServerOnLoopbackIsRefusedByDefault() {
        UrlFetcher f = new UrlFetcher(DocumentsProperties.defaults());
        assertThatThrownBy(() -> fetchText(f, base + "/doc.html"))
                .isInstanceOf(FetchException.class)
                .hasMessage("URL refused: 127.0.0.1 is a loopback address (set llmsvc.documents.allow-private-urls to allow it)");
        assertThatThrownBy(() -> f.check("http://localhost:" + server.getAddress().getPort() + "/doc.html"))
                .hasMessageStartingWith("URL refused: localhost resolves to 127.0.0.1, a loopback address");
        assertThat(hits.get()).as("nothing reached the server").isZero();
    }

    @Test
    void allowPrivateUrlsLetsItThrough() throws Exception {
        UrlFetcher f = new UrlFetcher(TestProps.defaults().set(p -> p.allowPrivateUrls = true).build());
        UrlFetcher.Fetched meta = f.fetch(base + "/doc.html", (m, body) -> {
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).contains("안녕 hello");
            return m;
        });
        assertThat(meta.contentType()).isEqualTo("text/html");
        assertThat(meta.fileName()).isEqualTo("doc.html");
        assertThat(fetchText(f, base + "/relative")).contains("안녕 hello");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://0x7f.1/", "http://2130706433/", "http://0177.0.0.1/", "http://127.1/", "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:7f00:1]/", "http://[::1]/", "http://[::]/", "http://0.0.0.0/", "http://169.254.169.254/latest/meta-data/",
            "http://[fe80::1]/", "http://[fd00::1]/", "http://10.1.2.3/", "http://172.16.0.1/", "http://172.31.255.255/",
            "http://192.168.1.1/", "http://100.64.0.1/", "http://224.0.0.1/", "http://255.255.255.255/", "http://[ff02::1]/",
            "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:7f00:1::]/", "http://[::127.0.0.1]/", "http://[2001::1]/"})
    void privateAddressesInAnyNotationAreRefused(String url) {
        UrlFetcher f = new UrlFetcher(DocumentsProperties.defaults());
        assertThatThrownBy(() -> f.check(url)).isInstanceOf(FetchException.class).hasMessageStartingWith("URL refused: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "[2606:4700::1111]", "[::ffff:8.8.8.8]"})
    void publicAddressesPassTheGuard(String host) throws Exception {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        assertThat(AddressGuard.refusal(InetAddress.getByName(h))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/x", "file:///etc/passwd", "gopher://example.com/", "http://user:pw@example.com/",
            "not a url", "http:///nohost", "javascript:alert(1)"})
    void onlyPlainHttpUrlsAreAccepted(String url) {
        UrlFetcher f = new UrlFetcher(DocumentsProperties.defaults());
        assertThatThrownBy(() -> f.check(url)).isInstanceOf(FetchException.class).message().doesNotStartWith("URL refused");
    }

    @Test
    void redirectsArePinnedAndCheckedAtEveryHop() {
        UrlFetcher f = exemptLoopback(DocumentsProperties.defaults());
        assertThatThrownBy(() -> fetchText(f, base + "/to-private"))
                .hasMessageStartingWith("URL refused: 10.0.0.1 is a private address");
        assertThatThrownBy(() -> fetchText(f, base + "/to-metadata"))
                .hasMessageStartingWith("URL refused: 169.254.169.254 is a link-local address");
        assertThatThrownBy(() -> fetchText(f, base + "/to-loopback2"))
                .hasMessageStartingWith("URL refused: 127.0.0.2 is a loopback address");
        assertThatThrownBy(() -> fetchText(f, base + "/loop")).hasMessage("too many redirects (more than 5)");
    }

    @Test
    void oversizeBodiesAreAbortedWhetherAnnouncedOrNot() {
        UrlFetcher f = exemptLoopback(TestProps.defaults().set(p -> p.maxUrlSize = DataSize.ofKilobytes(100)).build());
        assertThatThrownBy(() -> fetchText(f, base + "/big"))
                .hasMessage("the document is larger than the limit of 102400 bytes (llmsvc.documents.max-url-size)");
        assertThatThrownBy(() -> fetchText(f, base + "/big-chunked"))
                .hasMessage("the document is larger than the limit of 102400 bytes (llmsvc.documents.max-url-size)");
    }

    @Test
    void theWholeDownloadIsTimeLimited() {
        UrlFetcher f = exemptLoopback(TestProps.defaults().set(p -> p.urlTotalTimeout = Duration.ofSeconds(1)).build());
        assertThatThrownBy(() -> fetchText(f, base + "/slow"))
                .hasMessage("the download took longer than allowed (llmsvc.documents.url-total-timeout)");
    }

    @Test
    void contentTypeStatusAndEncoding() throws Exception {
        UrlFetcher f = exemptLoopback(DocumentsProperties.defaults());
        assertThatThrownBy(() -> fetchText(f, base + "/image.png")).hasMessageStartingWith("unsupported content type image/png");
        assertThatThrownBy(() -> fetchText(f, base + "/missing")).hasMessage("the server answered HTTP 404");
        UrlFetcher.Fetched meta = f.fetch(base + "/gzip", (m, body) -> {
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("# Title\n\ngzipped body");
            return m;
        });
        assertThat(meta.fileName()).isEqualTo("notes.md");
        assertThat(meta.contentType()).isEqualTo("text/markdown");
    }

    @Test
    void allowedHostsRestrictWhereUrlsMayPoint() throws Exception {
        UrlFetcher f = new UrlFetcher(TestProps.defaults().set(p -> {
            p.allowPrivateUrls = true;
            p.allowedUrlHosts = List.of("*.example.com", "127.0.0.1");
        }).build());
        assertThat(fetchText(f, base + "/doc.html")).contains("hello");
        assertThatThrownBy(() -> f.check("http://localhost/")).hasMessage("the host localhost is not in llmsvc.documents.allowed-url-hosts");
        assertThatThrownBy(() -> f.check("http://example.org/")).hasMessageContaining("not in llmsvc.documents.allowed-url-hosts");
        assertThat(UrlFetcher.hostMatches("*.example.com", "docs.example.com")).isTrue();
        assertThat(UrlFetcher.hostMatches("*.example.com", "example.com")).isFalse();
        assertThat(UrlFetcher.hostMatches("*.example.com", "evil-example.com")).isFalse();
    }
}
