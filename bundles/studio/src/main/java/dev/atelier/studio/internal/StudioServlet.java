package dev.atelier.studio.internal;

import dev.atelier.core.Catalog;
import dev.atelier.core.PipelineRegistry;
import dev.atelier.studio.panel.Json;
import dev.atelier.studio.panel.Panel;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The Studio's one servlet, registered with the OSGi Servlet Whiteboard: the page and its scripts (from this
 * bundle's {@code web/} folder, no build step), the palette and the pipelines as JSON, and a server-sent event
 * stream that pushes both whenever they change (a jar dropped into deploy/ shows in an open page within the
 * 200 ms this stream looks, plus FileInstall's poll). Every request goes through {@link GuardFilter} first.
 */
@Component(service = Servlet.class, immediate = true, property = {
        "osgi.http.whiteboard.servlet.pattern=/*",
        "osgi.http.whiteboard.servlet.name=atelier-studio",
        "osgi.http.whiteboard.servlet.asyncSupported=true"})
public class StudioServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final long LOOK_MILLIS = 200, HEARTBEAT_MILLIS = 15_000;
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "png", "image/png");

    @Reference transient Catalog catalog;
    @Reference transient PipelineRegistry registry;
    @Reference transient dev.atelier.core.JobService jobs;
    private transient Previews previews;
    private transient Editor editor;
    private transient FullRuns runs;
    private transient java.nio.file.Path inputsFolder;
    private transient java.nio.file.Path work;

    @Reference transient GuardFilter guard;
    private transient volatile boolean running = true;
    private final transient Object changed = new Object();
    private transient ServiceListener listener;
    private transient BundleContext context;

    @Activate
    void activate(BundleContext context) throws InvalidSyntaxException {
        this.context = context;
        listener = event -> wake();
        context.addServiceListener(listener, "(|(objectClass=dev.atelier.api.Filter)(objectClass=dev.atelier.api.Sink)(" + Panels.TITLE + "=*))");
        String home = context.getProperty("atelier.home");
        java.nio.file.Path base = java.nio.file.Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath();
        try {
            scratch = Scratch.create();
            work = scratch.folder();
        } catch (IOException e) {
            throw new IllegalStateException("the Studio cannot make its preview folder in " + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
        }
        previews = new Previews(registry, jobs, jobs::maxMegapixels, java.util.List.of(base.resolve("samples"), base.resolve("inputs")), work);
        editor = new Editor(registry, context, base.resolve("pipelines"), work.resolve("check"));
        inputsFolder = base.resolve("inputs");
        runs = new FullRuns(registry, jobs, base.resolve("out").resolve("studio"));
        // the address comes from the HTTP runtime's endpoint (the port it really listens on, from framework
        // properties or from a configuration such as atelier:studio writes), printed once it is known
        runtimeListener = event -> printAddress(event.getServiceReference());
        String runtime = "(objectClass=org.osgi.service.servlet.runtime.HttpServiceRuntime)";
        context.addServiceListener(runtimeListener, runtime);
        org.osgi.framework.ServiceReference<?>[] known = context.getServiceReferences((String) null, runtime);
        if (known != null) for (org.osgi.framework.ServiceReference<?> r : known) printAddress(r);
    }

    private transient Scratch scratch;
    private transient ServiceListener runtimeListener;
    private transient String printed;

    private synchronized void printAddress(org.osgi.framework.ServiceReference<?> runtime) {
        Object endpoint = runtime.getProperty("osgi.http.endpoint");
        String first = endpoint instanceof String[] a && a.length > 0 ? a[0]
                : endpoint instanceof java.util.Collection<?> c && !c.isEmpty() ? String.valueOf(c.iterator().next())
                : endpoint == null ? null : String.valueOf(endpoint);
        if (first == null || first.equals(printed)) return;
        printed = first;
        // a wildcard interface is shown as the loopback, where the browser on this machine finds it
        String url = first.replace("://0.0.0.0:", "://127.0.0.1:").replace("://[::]:", "://127.0.0.1:");
        System.out.println("Atelier Studio: " + (url.endsWith("/") ? url : url + "/") + "?token=" + guard.token());
        warmUpOnceStarted(url.endsWith("/") ? url : url + "/");
    }

    /**
     * The warm-up once the framework has reached its beginning start level: the Studio's bundles start on a thread
     * of their own, and a warm-up beside the rest of the host's start took CPU from it on 2 cores.
     */
    private void warmUpOnceStarted(String base) {
        org.osgi.framework.startlevel.FrameworkStartLevel levels = context.getBundle(0).adapt(org.osgi.framework.startlevel.FrameworkStartLevel.class);
        int beginning;
        try {
            beginning = Integer.parseInt(String.valueOf(context.getProperty("org.osgi.framework.startlevel.beginning")).trim());
        } catch (NumberFormatException e) {
            beginning = 1;
        }
        int wanted = beginning;
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        org.osgi.framework.FrameworkListener started = new org.osgi.framework.FrameworkListener() {
            @Override public void frameworkEvent(org.osgi.framework.FrameworkEvent e) {
                if (levels.getStartLevel() >= wanted && once.compareAndSet(false, true)) {
                    try {
                        context.removeFrameworkListener(this);
                    } catch (IllegalStateException stopped) {
                        return; // the Studio stopped meanwhile (the framework drops its listeners then)
                    }
                    warmUp(base);
                }
            }
        };
        context.addFrameworkListener(started);
        started.frameworkEvent(null); // reached already (atelier:studio in a running shell, or the host was quicker)
    }

    /**
     * Asks the Studio for its page and the page's first data once, right after the start, so the classes
     * a request goes through (Jetty's, the guard's, the JSON writer's) are loaded before a browser comes: the
     * first visit after a start took 295-415 ms against 173-256 for a browser arriving later (docs/studio.md).
     */
    private void warmUp(String base) {
        Thread t = new Thread(() -> {
            for (String path : new String[] {"", "studio.js", "studio.css", "api/palette", "api/pipelines", "api/inputs", "api/panels"}) {
                try {
                    java.net.HttpURLConnection c = (java.net.HttpURLConnection) java.net.URI.create(base + path).toURL().openConnection();
                    c.setRequestProperty(Guard.HEADER, guard.token());
                    c.setConnectTimeout(2000);
                    c.setReadTimeout(5000);
                    try (java.io.InputStream in = c.getInputStream()) {
                        in.transferTo(java.io.OutputStream.nullOutputStream());
                    }
                } catch (IOException | RuntimeException e) {
                    return; // stopping, or not listening after all: a browser's first visit is merely slower
                }
            }
        }, "atelier-studio-warm-up");
        t.setDaemon(true);
        t.start();
    }

    @Deactivate
    void deactivate() {
        running = false;
        context.removeServiceListener(listener);
        context.removeServiceListener(runtimeListener);
        wake();
        scratch.close();
    }

    private void wake() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    /** Every request has passed {@link GuardFilter} (token, loopback Host and Origin) before it gets here. */
    @Override protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            handle(req, resp);
            resp.flushBuffer(); // here, so that a page gone meanwhile fails in this try and not in the container's log
        } catch (IOException e) {
            // a page that went away while its answer was being written (a reload, a newer photo): nobody to tell;
            // any other failure goes back to the page with its message
            if (resp.isCommitted()) return;
            problem(resp, 500, e.getMessage());
        }
    }

    private void handle(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? req.getServletPath() : req.getServletPath() + req.getPathInfo();
        if (path.isEmpty() || path.equals("/")) path = "/index.html";
        if ("POST".equals(req.getMethod()) && path.equals("/api/preview")) {
            preview(req, resp);
            return;
        }
        if ("POST".equals(req.getMethod()) && (path.equals("/api/upload") || path.equals("/api/run") || path.equals("/api/cancel"))) {
            try {
                switch (path) {
                    case "/api/upload" -> {
                        java.nio.file.Path saved = Uploads.save(inputsFolder, Panel.query(req, "name"), req.getInputStream(), req.getContentLengthLong(), previews.maxMegapixels());
                        json(resp, Json.of(java.util.Map.of("input", "inputs/" + saved.getFileName())));
                    }
                    case "/api/run" -> {
                        String chain = body(req).trim();
                        FullRuns.Run run = runs.start(Panel.query(req, "pipeline"), chain, "true".equals(Panel.query(req, "drawing")), Panel.query(req, "then"),
                                runInputs(Panel.query(req, "input"), "folder".equals(Panel.query(req, "scope"))));
                        wake();
                        json(resp, Json.of(java.util.Map.of("id", run.id(), "folder", run.folder().toString())));
                    }
                    default -> {
                        String id = Panel.query(req, "run");
                        if (id == null || !id.matches("\\d{1,18}") || !runs.cancel(Long.parseLong(id))) throw new Previews.Failure(404, "no run " + id);
                        json(resp, "{}");
                    }
                }
            } catch (Previews.Failure f) {
                problem(resp, f.status, f.getMessage());
            }
            return;
        }
        if ("POST".equals(req.getMethod()) && (path.equals("/api/check") || path.equals("/api/save"))) {
            try {
                String text = body(req);
                String name = Panel.query(req, "name");
                if (path.equals("/api/check")) {
                    json(resp, Json.of(editor.check(name, text)));
                } else {
                    java.nio.file.Path saved = editor.save(name, text);
                    json(resp, Json.of(java.util.Map.of("saved", saved.toString(), "problems", editor.check(name, text))));
                }
            } catch (Previews.Failure f) {
                problem(resp, f.status, f.getMessage());
            }
            return;
        }
        if (!"GET".equals(req.getMethod())) {
            resp.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        try {
            switch (path) {
                case "/api/palette" -> json(resp, Json.of(Views.palette(catalog)));
                case "/api/pipelines" -> json(resp, Json.of(Views.pipelines(registry)));
                case "/api/panels" -> json(resp, Json.of(Panels.list(context)));
                case "/api/events" -> events(resp);
                case "/api/pipeline" -> json(resp, Json.of(editor.open(Panel.query(req, "name"))));
                case "/api/inputs" -> json(resp, Json.of(previews.inputs().stream().map(Previews.Input::name).toList()));
                case "/api/input" -> {
                    byte[] bytes = java.nio.file.Files.readAllBytes(previews.reduced(String.valueOf(Panel.query(req, "name")), "crop".equals(Panel.query(req, "view"))));
                    resp.setContentType(bytes.length > 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8 ? "image/jpeg"
                            : bytes.length > 2 && bytes[0] == 'B' && bytes[1] == 'M' ? "image/bmp" : "image/png");
                    resp.setHeader("Cache-Control", "no-store");
                    resp.getOutputStream().write(bytes);
                }
                case "/api/download" -> download(req, resp);
                case "/api/report" -> {
                    String id = Panel.query(req, "preview");
                    String text = id != null && id.matches("\\d{1,18}") ? previews.report(Long.parseLong(id), String.valueOf(Panel.query(req, "name"))) : null;
                    if (text == null) throw new Previews.Failure(404, "no report '" + Panel.query(req, "name") + "' of preview " + id + " (a newer preview replaced it)");
                    resp.setContentType("text/plain; charset=utf-8");
                    resp.setHeader("Cache-Control", "no-store");
                    resp.getWriter().write(text);
                }
                default -> file(path, req, resp);
            }
        } catch (Previews.Failure f) {
            problem(resp, f.status, f.getMessage());
        }
    }

    private static void problem(HttpServletResponse resp, int status, String message) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/plain; charset=utf-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write(message == null ? "failed" : message);
    }

    /** A request's body as text, at most 256 KB. */
    private static String body(HttpServletRequest req) throws IOException, Previews.Failure {
        byte[] body = req.getInputStream().readNBytes(262_145);
        if (body.length > 262_144) throw new Previews.Failure(413, "more than 256 KB sent; a descriptor or chain is far smaller");
        return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The photo a run starts from, or every photo in its folder (samples/ or inputs/). */
    private java.util.List<java.nio.file.Path> runInputs(String input, boolean folder) throws IOException, Previews.Failure {
        if (input == null || input.isBlank()) throw new Previews.Failure(400, "no photo chosen");
        if (!folder) return java.util.List.of(previews.input(input));
        String prefix = input.substring(0, input.indexOf('/') + 1);
        java.util.List<java.nio.file.Path> all = new java.util.ArrayList<>();
        for (Previews.Input i : previews.inputs()) if (i.name().startsWith(prefix)) all.add(i.file());
        return all;
    }

    /** GET /api/download?run=ID&file=PATH: a file a full-size run wrote, as an attachment. */
    private void download(HttpServletRequest req, HttpServletResponse resp) throws IOException, Previews.Failure {
        String id = Panel.query(req, "run");
        if (id == null || !id.matches("\\d{1,18}")) throw new Previews.Failure(404, "no run " + id);
        java.nio.file.Path f = runs.file(Long.parseLong(id), Panel.query(req, "file"));
        String name = f.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
        resp.setContentType(switch (ext) {
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "svg" -> "image/svg+xml";
            case "pdf" -> "application/pdf";
            case "csv" -> "text/csv; charset=utf-8";
            default -> "application/octet-stream";
        });
        resp.setHeader("Content-Disposition", "attachment; filename=\"" + name.replaceAll("[^A-Za-z0-9._-]", "_") + "\"");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLengthLong(java.nio.file.Files.size(f));
        java.nio.file.Files.copy(f, resp.getOutputStream());
    }

    /** POST /api/preview?input=NAME&drawing=true|false with the one-line chain as the body. */
    private void preview(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            String chain = body(req).trim();
            Previews.Result r = previews.run(chain, String.valueOf(Panel.query(req, "input")), "true".equals(Panel.query(req, "drawing")), "crop".equals(Panel.query(req, "view")));
            resp.setContentType(r.type());
            resp.setHeader("Cache-Control", "no-store");
            resp.setHeader("X-Preview-Millis", String.valueOf(r.millis()));
            resp.setHeader("X-Preview-Steps", r.steps());
            resp.setHeader("X-Preview-Id", String.valueOf(r.id()));
            resp.setHeader("X-Preview-Reports", String.join(",", r.reports()));
            resp.setHeader("X-Preview-Log", java.net.URLEncoder.encode(String.join("\n", r.log()), java.nio.charset.StandardCharsets.UTF_8));
            resp.getOutputStream().write(r.bytes());
        } catch (Previews.Failure f) {
            problem(resp, f.status, f.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem(resp, 503, "the host is stopping");
        }
    }

    private static void json(HttpServletResponse resp, String body) throws IOException {
        resp.setContentType("application/json; charset=utf-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write(body);
    }

    /** The page's files, from web/ in this bundle; the page itself sets the cookie that later requests carry. */
    private void file(String path, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String name = path.substring(1);
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1));
        if (type == null || name.contains("..") || name.contains("/")) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        try (InputStream in = StudioServlet.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                resp.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            if (name.equals("index.html")) {
                // by hand: Servlet 5's Cookie has no SameSite
                resp.addHeader("Set-Cookie", Guard.COOKIE + "=" + guard.token() + "; Path=/; HttpOnly; SameSite=Strict");
            }
            resp.setContentType(type);
            resp.setHeader("Cache-Control", "no-cache");
            in.transferTo(resp.getOutputStream());
        }
    }

    /** Server-sent events: "palette", "pipelines", "runs" and "panels", each sent at once and again whenever it changes. */
    private void events(HttpServletResponse resp) throws IOException {
        resp.setContentType("text/event-stream; charset=utf-8");
        resp.setHeader("Cache-Control", "no-store");
        PrintWriter w = resp.getWriter();
        String palette = null, pipelines = null, runList = null, panels = null;
        long beat = System.currentTimeMillis();
        while (running) {
            String p = Json.of(Views.palette(catalog)), q = Json.of(Views.pipelines(registry));
            boolean sent = false;
            if (!p.equals(palette)) {
                w.write("event: palette\ndata: " + p + "\n\n");
                palette = p;
                sent = true;
            }
            if (!q.equals(pipelines)) {
                w.write("event: pipelines\ndata: " + q + "\n\n");
                pipelines = q;
                sent = true;
            }
            String r = Json.of(runs.view());
            if (!r.equals(runList)) {
                w.write("event: runs\ndata: " + r + "\n\n");
                runList = r;
                sent = true;
            }
            String g = Json.of(Panels.list(context));
            if (!g.equals(panels)) {
                w.write("event: panels\ndata: " + g + "\n\n");
                panels = g;
                sent = true;
            }
            if (!sent && System.currentTimeMillis() - beat > HEARTBEAT_MILLIS) {
                w.write(": still here\n\n");
                sent = true;
            }
            if (sent) {
                beat = System.currentTimeMillis();
                if (w.checkError()) return; // the page went away (checkError flushes)
            }
            synchronized (changed) {
                try {
                    changed.wait(LOOK_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
