package dev.atelier.studio.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;

/**
 * Who may talk to the Studio. Every request needs the start's random token (in the query once, then the
 * cookie the page gets, or the X-Atelier-Token header), as Jupyter does. The Host header must name the
 * loopback interface, so a page on another site that rebinds its DNS name to 127.0.0.1 is refused even with
 * the browser's cookie jar on its side; an Origin header, when the browser sends one, must be the Studio's
 * own, so cross-site requests fail too.
 */
final class Guard {
    static final String COOKIE = "atelier-studio";
    static final String HEADER = "X-Atelier-Token";
    static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    private final byte[] token;

    Guard(String token) {
        this.token = token.getBytes(StandardCharsets.US_ASCII);
    }

    /** Why the request is refused, or null when it may go on. */
    String refuse(String host, String origin, String queryToken, String cookieToken, String headerToken) {
        String hostName = hostName(host);
        if (hostName == null || !LOOPBACK.contains(hostName.toLowerCase(Locale.ROOT))) {
            return "the Host header must name this machine's loopback (127.0.0.1 or localhost), not " + host;
        }
        if (origin != null && !origin.equals("null")) {
            String originHost;
            try {
                originHost = URI.create(origin).getHost();
            } catch (IllegalArgumentException e) {
                return "a malformed Origin header: " + origin;
            }
            if (originHost == null || !LOOPBACK.contains(originHost.toLowerCase(Locale.ROOT)) || !sameHostAndPort(origin, host)) {
                return "requests from another site (Origin " + origin + ") are refused";
            }
        } else if (origin != null) {
            return "requests from an opaque origin are refused";
        }
        for (String t : new String[] {queryToken, headerToken, cookieToken}) {
            if (t != null && MessageDigest.isEqual(token, t.getBytes(StandardCharsets.US_ASCII))) return null;
        }
        return "no valid token: open the address Atelier printed when the Studio started (it ends in ?token=...)";
    }

    private static boolean sameHostAndPort(String origin, String host) {
        URI o = URI.create(origin);
        String authority = o.getRawAuthority();
        return authority != null && authority.equalsIgnoreCase(host);
    }

    /** The host part of a Host header ("127.0.0.1:8765" -> "127.0.0.1", "[::1]:8765" -> "[::1]"). */
    static String hostName(String host) {
        if (host == null || host.isBlank()) return null;
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? null : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }
}
