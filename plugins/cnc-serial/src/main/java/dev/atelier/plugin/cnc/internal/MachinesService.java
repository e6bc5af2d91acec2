package dev.atelier.plugin.cnc.internal;

import com.fazecast.jSerialComm.SerialPort;
import dev.atelier.plugin.cnc.api.CncMachines;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link CncMachines} on the plugin's own {@link Machines}: the connections, jobs and journals the cnc:* commands use. */
@Component(service = CncMachines.class)
public class MachinesService implements CncMachines {
    @Reference Machines machines;

    @Override public List<Port> ports() {
        List<Port> out = new ArrayList<>();
        List<String> open = machines.machines().stream().map(m -> m.port).toList();
        for (SerialPort p : SerialPort.getCommPorts()) {
            out.add(new Port(p.getSystemPortPath(), p.getPortDescription(), open.contains(p.getSystemPortPath())));
        }
        for (String p : open) if (out.stream().noneMatch(q -> q.path().equals(p))) out.add(new Port(p, "", true));
        return out;
    }

    @Override public Status connect(String port, int baud) throws IOException, InterruptedException {
        if (port == null || port.isBlank()) throw new IllegalArgumentException("which serial port? (the list shows the ones the system has)");
        return status(machines.connect(port.trim(), baud));
    }

    @Override public void disconnect(String port) throws IOException {
        machines.disconnect(machines.pick(port));
    }

    @Override public List<Status> machines() {
        List<Status> out = new ArrayList<>();
        for (Machine m : machines.machines()) out.add(status(m));
        return out;
    }

    /** The status the job's runner last polled (it polls several times a second), or a fresh one when no job streams. */
    private static Status status(Machine m) {
        GrblStatus s = m.grbl.status();
        if (m.job == null && m.alive()) {
            try {
                s = m.grbl.pollStatus(Duration.ofMillis(500));
            } catch (IOException e) {
                // in alarm GRBL may answer nothing: the last report stands
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Machine.ActiveJob j = m.job;
        RunningJob job = j == null ? null : new RunningJob(j.id, j.acknowledged, j.total, j.secondsLeft());
        String state = !m.alive() ? "Disconnected" : s == null ? "?" : s.state();
        return new Status(m.port, m.banner, state, s == null ? null : s.machinePosition(), s == null ? Double.NaN : s.feed(), m.grbl.alarm(), job);
    }

    @Override public void hold(String port) throws IOException {
        machines.pick(port).hold();
    }

    @Override public void cycleStart(String port) throws IOException {
        machines.pick(port).cycleStart();
    }

    @Override public void reset(String port) throws IOException {
        machines.pick(port).stopJobOrReset();
    }

    @Override public void unlock(String port) throws IOException, InterruptedException {
        machines.pick(port).clearAlarm("$X", Duration.ofSeconds(3));
    }

    /** A journal read once, kept while its file's size and time stay the same: a panel asks every second. */
    private record Read(long size, long modified, JournalledJob job) { }

    private final java.util.Map<String, Read> read = new java.util.concurrent.ConcurrentHashMap<>();

    @Override public List<JournalledJob> jobs() throws IOException {
        java.util.Map<String, Machine.ActiveJob> running = new java.util.HashMap<>();
        for (Machine m : machines.machines()) {
            Machine.ActiveJob j = m.job;
            if (j != null) running.put(j.id, j);
        }
        List<JournalledJob> out = new ArrayList<>();
        java.nio.file.Path folder = machines.jobsFolder();
        List<String> ids = JobJournal.ids(folder);
        read.keySet().retainAll(ids);
        for (String id : ids) {
            Machine.ActiveJob a = running.get(id);
            if (a != null) {
                // streaming now: its journal grows with every line, the job itself knows where it is
                out.add(new JournalledJob(id, "running", a.acknowledged, a.total, System.currentTimeMillis(), true));
                continue;
            }
            java.nio.file.Path journal = folder.resolve(id + ".journal");
            long size, modified;
            try {
                size = Files.size(journal);
                modified = Files.getLastModifiedTime(journal).toMillis();
            } catch (java.nio.file.NoSuchFileException gone) {
                continue;
            }
            Read known = read.get(id);
            if (known == null || known.size() != size || known.modified() != modified) {
                JobJournal.State s = JobJournal.read(folder, id);
                int total = Files.exists(s.program()) ? CncJobs.sendable(Files.readAllLines(s.program())) : -1;
                known = new Read(size, modified, new JournalledJob(id, s.state(), s.acknowledgedLines(), total, s.modifiedMillis(), false));
                read.put(id, known);
            }
            out.add(known.job());
        }
        return out;
    }

    @Override public List<String> program(String jobId) throws IOException {
        // only a journalled job's id: never a path a caller made up
        if (!JobJournal.ids(machines.jobsFolder()).contains(jobId)) throw new IOException("no job '" + jobId + "' in " + machines.jobsFolder());
        return Files.readAllLines(JobJournal.read(machines.jobsFolder(), jobId).program(), java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Override public void resume(String jobId, String port, boolean unlock) throws IOException, InterruptedException {
        if (!JobJournal.ids(machines.jobsFolder()).contains(jobId)) throw new IOException("no job '" + jobId + "' in " + machines.jobsFolder());
        String on = port == null || port.isBlank() ? null : port;
        CncJobs.inBackground(jobId, firstLine -> CncJobs.resume(machines, jobId, on, unlock, false, () -> false, firstLine));
    }
}
