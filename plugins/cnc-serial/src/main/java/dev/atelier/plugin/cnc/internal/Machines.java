package dev.atelier.plugin.cnc.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The controllers this host has open, by port. A job leases the machine on its port: the one kept by
 * cnc:connect, or one it opens for itself and closes at the end. Either way it is listed here while it
 * runs, so cnc:status, cnc:hold and cnc:reset reach it. Also says where job journals live.
 */
@Component(service = Machines.class)
public class Machines {
    static final Duration BANNER_TIMEOUT = Duration.ofSeconds(5);

    private final Map<String, Machine> open = new TreeMap<>();
    private Path jobs;

    @Activate
    void activate(BundleContext context) {
        // the host's home when the ./atelier script names it, else the folder jobs run in
        String home = context.getProperty("atelier.home"), work = context.getProperty("atelier.workdir");
        Path base = Paths.get(home != null ? home : work != null ? work : "").toAbsolutePath().normalize();
        jobs = base.resolve("cnc-jobs");
    }

    @Deactivate
    synchronized void deactivate() {
        for (Machine m : open.values()) {
            Machine.ActiveJob j = m.job;
            if (j != null) j.cancelRequested = true;
            m.close();
        }
        open.clear();
    }

    /** Where programs and journals of jobs are kept. */
    Path jobsFolder() {
        return jobs;
    }

    /** Opens a controller and keeps it open (cnc:connect); one already open on the port is returned as it is. */
    synchronized Machine connect(String port, int baud) throws IOException, InterruptedException {
        Machine m = live(port);
        if (m == null) {
            m = Machine.open(port, baud, BANNER_TIMEOUT);
            open.put(port, m);
        }
        m.persistent = true;
        return m;
    }

    synchronized void disconnect(Machine m) throws IOException {
        if (m.job != null) throw new IOException(m.port + " is running job " + m.job.id + "; cnc:hold or cnc:reset it first");
        open.remove(m.port, m);
        m.close();
    }

    /** A machine for one job: the connected one, or a new connection that {@link Lease#close} closes again. */
    Lease lease(String port, int baud, Machine.ActiveJob job) throws IOException, InterruptedException {
        Machine m;
        boolean temporary;
        synchronized (this) {
            m = live(port);
            temporary = m == null;
            if (m != null && m.job != null) {
                throw new IOException(port + " is busy with job " + m.job.id + " (cnc:status); wait for it, or stop it with cnc:reset");
            }
        }
        if (temporary) {
            Machine fresh = Machine.open(port, baud, BANNER_TIMEOUT);
            synchronized (this) {
                if (live(port) != null) {
                    fresh.close();
                    throw new IOException(port + " was opened by another command meanwhile; try again");
                }
                open.put(port, fresh);
            }
            m = fresh;
        }
        m.job = job;
        return new Lease(m, temporary);
    }

    /** The machine a command means: the one on {@code port}, or the only one open when no port is named. */
    synchronized Machine pick(String port) throws IOException {
        if (port != null) {
            Machine m = live(port);
            if (m == null) throw new IOException("no controller open on " + port + "; cnc:connect " + port + " first");
            return m;
        }
        List<String> ports = new ArrayList<>();
        for (String p : List.copyOf(open.keySet())) if (live(p) != null) ports.add(p);
        if (ports.isEmpty()) throw new IOException("no controller is connected; cnc:connect PORT (cnc:ports lists them)");
        if (ports.size() > 1) throw new IOException("several controllers are open (" + String.join(", ", ports) + "); name the port");
        return open.get(ports.get(0));
    }

    synchronized List<Machine> machines() {
        return List.copyOf(open.values());
    }

    /** The open machine on a port; one whose connection has died is dropped. */
    private Machine live(String port) {
        Machine m = open.get(port);
        if (m != null && !m.alive() && m.job == null) {
            open.remove(port);
            m.close();
            return null;
        }
        return m;
    }

    /** A machine held for one job. */
    final class Lease implements AutoCloseable {
        final Machine machine;
        private final boolean temporary;

        Lease(Machine machine, boolean temporary) {
            this.machine = machine;
            this.temporary = temporary;
        }

        @Override public void close() {
            machine.job = null;
            if (temporary || !machine.alive()) {
                synchronized (Machines.this) {
                    open.remove(machine.port, machine);
                }
                machine.close();
            }
        }
    }
}
