package dev.atelier.plugin.cnc.studio;

import dev.atelier.plugin.cnc.api.CncMachines;
import dev.atelier.studio.panel.Json;
import dev.atelier.studio.panel.Panel;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The machine panel of the Studio: a Servlet Whiteboard servlet on {@code /panels/cnc/*} that the Studio lists
 * by its {@code atelier.studio.panel} properties (it knows nothing else of it). Its requests pass the Studio's
 * guard (token, loopback) like every servlet of the context. It drives the machines through the cnc plugin's
 * {@link CncMachines}, the connections and journals the cnc:* commands use; a drawing is streamed by the
 * Studio's own full-size run with a {@code cnc} output added, so it is an ordinary job of the host.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/panels/cnc/*",
        "osgi.http.whiteboard.servlet.name=atelier-cnc-panel",
        Panel.TITLE + "=Machine",
        Panel.MODULE + "=/panels/cnc/panel.js"})
public class MachinePanel extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Reference transient CncMachines machines;

    @Override protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        resp.setHeader("Cache-Control", "no-store");
        try {
            if (path.equals("/panel.js") || path.equals("/panel.css")) {
                resource(path, resp);
                return;
            }
            boolean post = "POST".equals(req.getMethod());
            String port = Panel.query(req, "port");
            switch ((post ? "POST " : "GET ") + path) {
                case "GET /api/ports" -> json(resp, machines.ports());
                case "GET /api/state" -> json(resp, state());
                case "GET /api/program" -> {
                    resp.setContentType("text/plain; charset=us-ascii");
                    resp.getWriter().write(String.join("\n", machines.program(String.valueOf(Panel.query(req, "job")))));
                }
                case "POST /api/connect" -> {
                    String baud = Panel.query(req, "baud");
                    machines.connect(port, baud == null || baud.isBlank() ? 115200 : Integer.parseInt(baud));
                    json(resp, state());
                }
                case "POST /api/disconnect" -> { machines.disconnect(port); json(resp, state()); }
                case "POST /api/hold" -> { machines.hold(port); json(resp, state()); }
                case "POST /api/start" -> { machines.cycleStart(port); json(resp, state()); }
                case "POST /api/reset" -> { machines.reset(port); json(resp, state()); }
                case "POST /api/unlock" -> { machines.unlock(port); json(resp, state()); }
                case "POST /api/resume" -> {
                    machines.resume(String.valueOf(Panel.query(req, "job")), port, "true".equals(Panel.query(req, "unlock")));
                    json(resp, state());
                }
                default -> problem(resp, 404, "the machine panel has no " + req.getMethod() + " " + path);
            }
        } catch (NumberFormatException e) {
            problem(resp, 400, "baud: a whole number such as 115200, not " + Panel.query(req, "baud"));
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            problem(resp, 409, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem(resp, 503, "the host is stopping");
        }
    }

    /** The open machines with their status and running job, and the journalled jobs (records, written as JSON objects). */
    private Map<String, Object> state() throws IOException {
        return Map.of("machines", machines.machines(), "jobs", machines.jobs());
    }

    private static void resource(String path, HttpServletResponse resp) throws IOException {
        try (InputStream in = MachinePanel.class.getResourceAsStream("/panel" + path)) {
            if (in == null) {
                resp.sendError(404);
                return;
            }
            resp.setContentType(path.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8");
            in.transferTo(resp.getOutputStream());
        }
    }

    private static void problem(HttpServletResponse resp, int status, String message) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/plain; charset=utf-8");
        resp.getWriter().write(message == null ? "failed" : message);
    }

    private static void json(HttpServletResponse resp, Object value) throws IOException {
        resp.setContentType("application/json; charset=utf-8");
        resp.getWriter().write(Json.of(value));
    }
}
