package dev.atelier.studio.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Panels that plugin bundles contribute, the Eclipse way ({@link dev.atelier.studio.panel.Panel}): a Servlet
 * Whiteboard servlet on {@code /panels/NAME/*}, behind {@link GuardFilter} like every servlet of the context.
 * The Studio knows no plugin: it lists what is registered, live.
 */
final class Panels {
    static final String TITLE = dev.atelier.studio.panel.Panel.TITLE;
    static final String MODULE = dev.atelier.studio.panel.Panel.MODULE;

    private Panels() { }

    /** Each registered panel's title, module and bundle, by title; a module outside /panels/ is left out. */
    static List<Map<String, Object>> list(BundleContext context) {
        List<Map<String, Object>> out = new ArrayList<>();
        ServiceReference<?>[] refs;
        try {
            refs = context.getServiceReferences("jakarta.servlet.Servlet", "(" + TITLE + "=*)");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        } catch (IllegalStateException stopping) {
            return out;
        }
        if (refs == null) return out;
        for (ServiceReference<?> r : refs) {
            Object title = r.getProperty(TITLE), module = r.getProperty(MODULE);
            // a module from the page's own origin, under the panels' prefix, never a path that climbs out of it
            if (!(module instanceof String m) || !m.startsWith("/panels/") || m.contains("..") || !m.endsWith(".js")) continue;
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("title", String.valueOf(title));
            p.put("module", m);
            p.put("bundle", r.getBundle() == null ? "" : r.getBundle().getSymbolicName());
            out.add(p);
        }
        out.sort((a, b) -> String.valueOf(a.get("title")).compareTo(String.valueOf(b.get("title"))));
        return out;
    }
}
