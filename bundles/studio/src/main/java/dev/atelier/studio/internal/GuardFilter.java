package dev.atelier.studio.internal;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@link Guard} in front of every servlet of the HTTP context, registered as a Servlet Whiteboard filter on
 * {@code /*}: the Studio's own servlet and every panel a plugin contributes need the start's token and a
 * loopback Host and Origin, and get the same security headers. Holds the random token of this start.
 */
@Component(service = {Filter.class, GuardFilter.class}, property = {
        "osgi.http.whiteboard.filter.pattern=/*",
        "osgi.http.whiteboard.filter.name=atelier-studio-guard",
        "osgi.http.whiteboard.filter.asyncSupported=true"})
public class GuardFilter implements Filter {
    private String token;
    private Guard guard;

    @Activate
    void activate() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        token = HexFormat.of().formatHex(random);
        guard = new Guard(token);
    }

    /** This start's token: printed in the Studio's address, set as the page's cookie. */
    String token() {
        return token;
    }

    @Override public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse resp = (HttpServletResponse) response;
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "no-referrer"); // the token in the address never travels in a Referer
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; frame-ancestors 'none'");
        String cookie = null;
        if (req.getCookies() != null) {
            for (Cookie c : req.getCookies()) if (c.getName().equals(Guard.COOKIE)) cookie = c.getValue();
        }
        String why = guard.refuse(req.getHeader("Host"), req.getHeader("Origin"), dev.atelier.studio.panel.Panel.query(req, "token"), cookie, req.getHeader(Guard.HEADER));
        if (why != null) {
            resp.setStatus(HttpServletResponse.SC_FORBIDDEN);
            resp.setContentType("text/plain; charset=utf-8");
            resp.getWriter().println("Atelier Studio: " + why);
            return;
        }
        chain.doFilter(request, response);
    }
}
