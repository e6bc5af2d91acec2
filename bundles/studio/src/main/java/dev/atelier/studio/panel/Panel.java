package dev.atelier.studio.panel;

import java.nio.charset.StandardCharsets;

/**
 * A panel a plugin contributes to the Studio: register a {@code jakarta.servlet.Servlet} with the Servlet
 * Whiteboard on {@code /panels/NAME/*} and these two service properties; the page imports {@link #MODULE} and
 * calls its {@code mount(section, studio)} (and {@code unmount()}, when the panel goes away).
 */
public final class Panel {
    /** The panel's title on the page. */
    public static final String TITLE = "atelier.studio.panel";
    /** The address of the panel's ES module, under {@code /panels/}: {@code /panels/NAME/panel.js}. */
    public static final String MODULE = "atelier.studio.panel.module";

    private Panel() { }

    /**
     * A parameter of the query string only. {@code getParameter} would also read a form-encoded body, which for
     * a POST eats the body before the servlet reads it.
     */
    public static String query(jakarta.servlet.http.HttpServletRequest req, String name) {
        String q = req.getQueryString();
        if (q == null) return null;
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String key = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) return eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
        return null;
    }
}
