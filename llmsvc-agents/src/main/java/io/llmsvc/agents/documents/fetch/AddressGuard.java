package io.llmsvc.agents.documents.fetch;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which addresses a URL may reach when private targets are not allowed (SSRF): only public unicast addresses. Refused:
 * unspecified ({@code 0.0.0.0/8}, {@code ::}), loopback ({@code 127/8}, {@code ::1}), private ({@code 10/8},
 * {@code 172.16/12}, {@code 192.168/16}, {@code fc00::/7}), shared CGNAT space ({@code 100.64/10}), link-local
 * ({@code 169.254/16} with the cloud metadata address, {@code fe80::/10}), site-local {@code fec0::/10},
 * multicast, reserved and broadcast ({@code 224/3}), IETF, documentation and benchmarking ranges, and IPv6 forms
 * that carry an IPv4 address (mapped {@code ::ffff:0:0/96}, compatible {@code ::/96}, NAT64 {@code 64:ff9b::/96},
 * 6to4 {@code 2002::/16}) whenever the IPv4 address inside is refused; Teredo ({@code 2001::/32}) entirely.
 */
final class AddressGuard {
    private static final Pattern NUMERIC_LABEL = Pattern.compile("(?i)0x[0-9a-f]*|[0-9]+");
    private static final Pattern DOTTED_QUAD = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    /** Why {@code address} may not be reached, or null when it is a public unicast address. */
    static String refusal(InetAddress address) {
        byte[] b = address.getAddress();
        return b.length == 4 ? refusalV4(b) : refusalV6(b);
    }

    private static String refusalV4(byte[] b) {
        int a0 = b[0] & 0xFF;
        int a1 = b[1] & 0xFF;
        int a2 = b[2] & 0xFF;
        if (a0 == 0) return "an unspecified address";
        if (a0 == 127) return "a loopback address";
        if (a0 == 10 || (a0 == 172 && (a1 & 0xF0) == 16) || (a0 == 192 && a1 == 168)) return "a private address";
        if (a0 == 100 && (a1 & 0xC0) == 64) return "a shared (CGNAT) address";
        if (a0 == 169 && a1 == 254) return "a link-local address (cloud metadata lives here)";
        if (a0 == 192 && a1 == 0 && a2 == 0) return "an IETF protocol address";
        if ((a0 == 192 && a1 == 0 && a2 == 2) || (a0 == 198 && a1 == 51 && a2 == 100) || (a0 == 203 && a1 == 0 && a2 == 113)) {
            return "a documentation address";
        }
        if (a0 == 198 && (a1 & 0xFE) == 18) return "a benchmarking address";
        if (a0 >= 224 && a0 <= 239) return "a multicast address";
        if (a0 >= 240) return "a reserved or broadcast address";
        return null;
    }

    private static String refusalV6(byte[] b) {
        int first = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
        boolean zero80 = true;
        for (int i = 0; i < 10; i++) zero80 &= b[i] == 0;
        if (zero80 && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) return embedded(b, 12, "IPv4-mapped");
        if (zero80 && b[10] == 0 && b[11] == 0) {
            boolean allZero = b[12] == 0 && b[13] == 0 && b[14] == 0;
            if (allZero && b[15] == 0) return "an unspecified address";
            if (allZero && b[15] == 1) return "a loopback address";
            return embedded(b, 12, "IPv4-compatible");
        }
        if (first == 0x0064 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B) {
            boolean wellKnown = true;
            for (int i = 4; i < 12; i++) wellKnown &= b[i] == 0;
            return wellKnown ? embedded(b, 12, "NAT64") : "a local-use NAT64 address";
        }
        if (first == 0x2002) return embedded(b, 2, "6to4");
        if (first == 0x2001 && b[2] == 0 && b[3] == 0) return "a Teredo tunnel address";
        if (first == 0x2001 && (b[2] & 0xFF) == 0x0d && (b[3] & 0xFF) == 0xb8) return "a documentation address";
        if (first == 0x0100 && b[2] == 0 && b[3] == 0 && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0) return "a discard address";
        if ((b[0] & 0xFE) == 0xFC) return "a private (unique local) address";
        if ((b[0] & 0xFF) == 0xFE && (b[1] & 0xC0) == 0x80) return "a link-local address";
        if ((b[0] & 0xFF) == 0xFE && (b[1] & 0xC0) == 0xC0) return "a site-local address";
        if ((b[0] & 0xFF) == 0xFF) return "a multicast address";
        return null;
    }

    private static String embedded(byte[] b, int offset, String form) {
        byte[] v4 = {b[offset], b[offset + 1], b[offset + 2], b[offset + 3]};
        String inner = refusalV4(v4);
        return inner == null ? null : inner + " (" + form + ")";
    }

    /**
     * The address a host names literally, or null when it is a name to resolve. IPv6 literals may be bracketed.
     * Dotted quads are taken as they are; other numeric IPv4 forms ({@code 0x7f.1}, {@code 2130706433},
     * {@code 0177.0.0.1}) are understood the way inet_aton reads them, so their real address is checked.
     */
    static InetAddress literal(String host) throws UnknownHostException {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.contains(":")) {
            return InetAddress.getByName(h);
        }
        if (DOTTED_QUAD.matcher(h).matches()) return InetAddress.getByName(h);
        String[] labels = h.split("\\.", -1);
        if (labels.length > 4) return null;
        for (String l : labels) {
            if (!NUMERIC_LABEL.matcher(l).matches()) return null;
        }
        long[] parts = new long[labels.length];
        for (int i = 0; i < labels.length; i++) parts[i] = number(labels[i]);
        long value = 0;
        int n = parts.length;
        for (int i = 0; i < n - 1; i++) {
            if (parts[i] > 255) throw new UnknownHostException("not an IPv4 address: " + host);
            value |= parts[i] << (8 * (3 - i));
        }
        long lastMax = (1L << (8 * (5 - n))) - 1;
        if (parts[n - 1] > lastMax) throw new UnknownHostException("not an IPv4 address: " + host);
        value |= parts[n - 1];
        return InetAddress.getByAddress(host, new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    private static long number(String label) throws UnknownHostException {
        try {
            String l = label.toLowerCase(Locale.ROOT);
            if (l.startsWith("0x")) return l.length() == 2 ? 0 : Long.parseLong(l.substring(2), 16);
            if (l.length() > 1 && l.startsWith("0")) return Long.parseLong(l.substring(1), 8);
            return Long.parseLong(l);
        } catch (NumberFormatException e) {
            throw new UnknownHostException("not an IPv4 address: " + label);
        }
    }

    static boolean isV4(InetAddress a) {
        return a instanceof Inet4Address;
    }

    private AddressGuard() {}
}
