package io.llmsvc.agents.documents.fetch;

import io.llmsvc.agents.documents.DocumentsProperties;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Downloads a document from a URL, guarded against server-side request forgery.
 * <ul>
 *   <li>Only {@code http} and {@code https}, no credentials in the URL, at most 2,000 characters; with
 *       {@code allowed-url-hosts} set, only those hosts.</li>
 *   <li>The host is resolved once; when any of its addresses is not public ({@link AddressGuard}) the URL is refused,
 *       unless {@code allow-private-urls}. Numeric hosts in any notation ({@code 0x7f.1}, {@code 2130706433},
 *       {@code [::ffff:127.0.0.1]}) are read as the address they denote and checked the same way.</li>
 *   <li>The connection goes to the address that was checked ({@link PinnedHttp}), so a DNS answer that changes between
 *       the check and the connection (rebinding) changes nothing.</li>
 *   <li>Redirects are followed by hand, each hop checked again, at most {@value #MAX_REDIRECTS}.</li>
 *   <li>The body is limited in size while it streams ({@code max-url-size}) and the whole download in time
 *       ({@code url-total-timeout}); the response's content type must be one the document agent can read.</li>
 * </ul>
 */
public final class UrlFetcher {
    static final int MAX_REDIRECTS = 5;
    private static final Set<String> TYPES = Set.of("text/html", "application/xhtml+xml", "text/plain", "text/markdown",
            "text/x-markdown", "text/x-web-markdown", "application/pdf", "application/x-pdf",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/octet-stream", "binary/octet-stream");

    private final DocumentsProperties props;
    private final Predicate<InetAddress> exempt;

    public UrlFetcher(DocumentsProperties props) {
        this(props, a -> false);
    }

    /** {@code exempt} names addresses treated as public although they are not: for tests on loopback only. */
    UrlFetcher(DocumentsProperties props, Predicate<InetAddress> exempt) {
        this.props = props;
        this.exempt = exempt;
    }

    /** What a download returned. {@code fileName} is the name the server gave or the URL's last path segment. */
    public record Fetched(URI uri, String contentType, String fileName) {}

    /** Consumes the body of a successful response (the stream enforces the size and time limits). */
    public interface BodyHandler<T> {
        T accept(Fetched fetched, InputStream body) throws IOException;
    }

    /** Checks a URL as {@link #fetch} would before connecting; returns it normalised (no fragment). */
    public URI check(String url) throws FetchException {
        URI uri = parse(url);
        pick(uri, System.nanoTime() + props.urlTotalTimeout().toNanos());
        return uri;
    }

    /** Downloads {@code url} and hands the body to {@code handler}; every refusal or failure is a {@link FetchException}. */
    public <T> T fetch(String url, BodyHandler<T> handler) throws FetchException {
        long deadline = System.nanoTime() + props.urlTotalTimeout().toNanos();
        URI uri = parse(url);
        for (int hop = 0; ; hop++) {
            InetAddress address = pick(uri, deadline);
            try (PinnedHttp.Response r = PinnedHttp.get(uri, address, deadline, millis(props.urlConnectTimeout()),
                    millis(props.urlReadTimeout()), props.maxUrlSize().toBytes())) {
                int status = r.status();
                if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                    String location = r.header("location");
                    if (location == null) throw new FetchException("the server redirected without a Location");
                    if (hop >= MAX_REDIRECTS) throw new FetchException("too many redirects (more than " + MAX_REDIRECTS + ")");
                    try {
                        uri = parse(uri.resolve(location.strip()).toString());
                    } catch (IllegalArgumentException e) {
                        throw new FetchException("the server redirected to an invalid URL");
                    }
                    continue;
                }
                if (status < 200 || status > 299) throw new FetchException("the server answered HTTP " + status);
                String type = baseType(r.header("content-type"));
                if (type != null && !TYPES.contains(type)) {
                    throw new FetchException("unsupported content type " + type + " (supported: PDF, DOCX, PPTX, HTML, Markdown, plain text)");
                }
                return handler.accept(new Fetched(uri, type, fileName(uri, r.header("content-disposition"))), r.body());
            } catch (PinnedHttp.TooLargeException | PinnedHttp.DeadlineException e) {
                throw new FetchException(e.getMessage(), e);
            } catch (IOException e) {
                throw new FetchException("could not fetch " + uri.getHost() + ": " + describe(e), e);
            }
        }
    }

    private URI parse(String url) throws FetchException {
        if (url == null || url.isBlank()) throw new FetchException("a URL is required");
        if (url.length() > 2000) throw new FetchException("the URL is longer than 2000 characters");
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new FetchException("not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) throw new FetchException("only http and https URLs are accepted");
        if (uri.getRawUserInfo() != null) throw new FetchException("URLs with credentials are not accepted");
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            // java.net.URI has no host for numeric forms such as 0x7f.1 or 127.1, which other clients read as addresses
            String authority = uri.getRawAuthority();
            if (authority != null) {
                String h = authority.replaceFirst(":[0-9]*$", "");
                try {
                    InetAddress literal = AddressGuard.literal(h);
                    if (literal != null) {
                        throw new FetchException("URL refused: " + h + " is a non-standard notation of " + literal.getHostAddress());
                    }
                } catch (UnknownHostException ignored) {
                    // not an address either
                }
            }
            throw new FetchException("the URL has no valid host name");
        }
        try {
            return new URI(scheme + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        } catch (URISyntaxException e) {
            throw new FetchException("not a valid URL");
        }
    }

    /** Applies the host rules and returns the checked address to connect to. */
    private InetAddress pick(URI uri, long deadline) throws FetchException {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (!props.allowedUrlHosts().isEmpty() && props.allowedUrlHosts().stream().noneMatch(p -> hostMatches(p, host))) {
            throw new FetchException("the host " + host + " is not in llmsvc.documents.allowed-url-hosts");
        }
        InetAddress[] addresses;
        try {
            InetAddress literal = AddressGuard.literal(host);
            if (literal != null) {
                String dotted = literal.getHostAddress();
                boolean canonical = host.contains(":") || host.equals(dotted);
                if (!canonical && !props.allowPrivateUrls()) {
                    throw new FetchException("URL refused: " + host + " is a non-standard notation of " + dotted);
                }
                addresses = new InetAddress[] {literal};
            } else {
                addresses = resolve(host, deadline);
            }
        } catch (UnknownHostException e) {
            throw new FetchException("unknown host " + host);
        }
        if (addresses.length == 0) throw new FetchException("unknown host " + host);
        if (!props.allowPrivateUrls()) {
            for (InetAddress a : addresses) {
                String why = exempt.test(a) ? null : AddressGuard.refusal(a);
                if (why != null) {
                    throw new FetchException("URL refused: " + host + (literal(host) ? " is " : " resolves to "
                            + a.getHostAddress() + ", ") + why + " (set llmsvc.documents.allow-private-urls to allow it)");
                }
            }
        }
        return addresses[0];
    }

    private static boolean literal(String host) {
        return host.startsWith("[") || host.matches("[0-9.]+");
    }

    private InetAddress[] resolve(String host, long deadline) throws FetchException, UnknownHostException {
        FutureTask<InetAddress[]> lookup = new FutureTask<>(() -> InetAddress.getAllByName(host));
        Thread.ofVirtual().name("documents-dns").start(lookup);
        long wait = Math.min(props.urlConnectTimeout().toNanos(), deadline - System.nanoTime());
        try {
            return lookup.get(Math.max(1, wait), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw new FetchException("looking up " + host + " took too long");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException u) throw u;
            throw new FetchException("could not look up " + host);
        }
    }

    static boolean hostMatches(String pattern, String host) {
        if (pattern.startsWith("*.")) return host.endsWith(pattern.substring(1));
        return host.equals(pattern);
    }

    private static String baseType(String contentType) {
        if (contentType == null || contentType.isBlank()) return null;
        int semi = contentType.indexOf(';');
        return (semi >= 0 ? contentType.substring(0, semi) : contentType).strip().toLowerCase(Locale.ROOT);
    }

    /** The file name from {@code Content-Disposition}, else the URL's last path segment, else null. */
    static String fileName(URI uri, String disposition) {
        if (disposition != null) {
            var m = java.util.regex.Pattern.compile("(?i)filename\\s*=\\s*\"?([^\";]+)\"?").matcher(disposition);
            if (m.find() && !m.group(1).isBlank()) return m.group(1).strip();
        }
        String path = uri.getPath();
        if (path == null) return null;
        List<String> segments = List.of(path.split("/")).stream().filter(s -> !s.isBlank()).toList();
        return segments.isEmpty() ? null : segments.getLast();
    }

    /** The last path segment of a URL, or null (for documents whose response headers are no longer known). */
    public static String fileNameOf(String url) {
        try {
            return fileName(new URI(url), null);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static int millis(java.time.Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }
}
