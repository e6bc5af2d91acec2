package dev.atelier.plugin.cnc.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Starting and resuming journalled jobs, shared by the {@code cnc} output and the cnc:* commands. A
 * job that stops early (error, alarm, disconnect, cancel) keeps its journal; its message ends with the
 * command that continues it.
 */
final class CncJobs {
    private CncJobs() { }

    /** A new job id: what it is (pipeline and input, or file name) and when it started, safe as a file name. */
    static String newId(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) b.append(p.replaceAll("[^A-Za-z0-9._-]", "_")).append('-');
        return b + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT));
    }

    /** Lines GRBL will get of a program (not blank after comments are removed). */
    static int sendable(List<String> program) {
        int n = 0;
        for (String l : program) if (!GrblConnection.clean(l).isEmpty()) n++;
        return n;
    }

    /** Journals and streams a new job; returns when it is done, or throws saying why it stopped and how to resume. */
    static GrblConnection.StreamResult start(Machines machines, String id, List<String> program, double estimatedSeconds, CncRunner.Options o,
                                             BooleanSupplier cancelled, CncRunner.Listener listener) throws IOException, InterruptedException {
        Machine.ActiveJob job = new Machine.ActiveJob(id, sendable(program), estimatedSeconds);
        // the port is opened before the journal is written: a job that never started leaves nothing to resume
        Machines.Lease lease = machines.lease(o.port(), o.baud(), job);
        try (lease; JobJournal journal = JobJournal.create(machines.jobsFolder(), id, program, o.asSettings())) {
            return stream(lease, job, program, 1, 0, journal, o, cancelled, listener);
        }
    }

    /**
     * Continues a journalled job from the line after the last acknowledged one, first moving to where
     * the program stood there. {@code port} replaces the journalled port when not null (the adapter may
     * come back under another name).
     */
    static GrblConnection.StreamResult resume(Machines machines, String id, String port, BooleanSupplier cancelled, CncRunner.Listener listener)
            throws IOException, InterruptedException {
        return resume(machines, id, port, false, false, cancelled, listener);
    }

    /** As {@link #resume}, unlocking ($X) or homing ($H) the controller first when asked. */
    static GrblConnection.StreamResult resume(Machines machines, String id, String port, boolean unlock, boolean home, BooleanSupplier cancelled,
                                              CncRunner.Listener listener) throws IOException, InterruptedException {
        JobJournal.State s = JobJournal.read(machines.jobsFolder(), id);
        listener.log("job " + id + ": " + s.state() + " after line " + s.lastAcknowledged() + " was acknowledged; the first line not drawn is "
                + s.resumeLine() + "; resuming");
        if (s.state().equals("completed")) throw new IOException("job " + id + " is complete; nothing to resume (cnc:jobs lists the jobs)");
        if (!Files.exists(s.program())) throw new IOException("the program of job " + id + " is gone: " + s.program());
        List<String> program = Files.readAllLines(s.program());
        CncRunner.Options o = CncRunner.Options.fromSettings(s.settings(), port, unlock, home);
        if (o.port() == null) throw new IOException("the journal of job " + id + " names no port; give one: cnc:resume " + id + " PORT");
        Machine.ActiveJob job = new Machine.ActiveJob(id, sendable(program), Double.NaN);
        Machines.Lease lease = machines.lease(o.port(), o.baud(), job);
        try (lease; JobJournal journal = JobJournal.reopen(machines.jobsFolder(), id)) {
            journal.event("resume on " + o.port() + " from line " + s.resumeLine());
            return stream(lease, job, program, s.resumeLine(), s.acknowledgedLines(), journal, o, cancelled, listener);
        }
    }

    private static GrblConnection.StreamResult stream(Machines.Lease lease, Machine.ActiveJob job, List<String> program, int fromLine, int doneBefore,
                                                      JobJournal journal, CncRunner.Options o, BooleanSupplier cancelled, CncRunner.Listener listener)
            throws IOException, InterruptedException {
        job.acknowledged = doneBefore;
        // the caller closes the lease after this returns: the journal is finished first, so whoever sees the job gone reads how it ended
        GrblConnection.StreamResult r;
        try {
            r = CncRunner.run(lease.machine, program, fromLine, journal, o, () -> job.cancelRequested || cancelled.getAsBoolean(),
                    new CncRunner.Listener() {
                        @Override public void acknowledged(int line, int acked, int total) {
                            job.acknowledged = doneBefore + acked;
                            listener.acknowledged(line, job.acknowledged, job.total);
                        }

                        @Override public void log(String message) {
                            listener.log(message);
                        }
                    });
        } catch (IOException | RuntimeException e) {
            journal.finish("failed");
            throw new IOException(e.getMessage() + "; job " + job.id + " is kept: continue with cnc:resume " + job.id, e);
        }
        for (GrblConnection.Failure e : r.errors()) listener.log("passed over: " + e.describe());
        if (r.stop() != null) {
            GrblConnection.Failure stop = r.stop();
            journal.finish(stop.kind() == GrblConnection.Failure.Kind.ALARM ? "alarm " + stop.code() : stop.kind().name().toLowerCase(Locale.ROOT));
            String ran = stop.kind() == GrblConnection.Failure.Kind.ERROR && r.lastAcknowledgedLine() > stop.lineNumber()
                    ? "; sending stopped there, and lines " + (stop.lineNumber() + 1) + "-" + r.lastAcknowledgedLine() + ", already sent, still ran" : "";
            String next = stop.kind() == GrblConnection.Failure.Kind.ALARM
                    ? "; unlock with cnc:unlock (if the position is right) or home with cnc:home, then continue with cnc:resume " + job.id
                    + " (or cnc:resume --unlock " + job.id + ")"
                    : "; continue with cnc:resume " + job.id;
            throw new IllegalStateException(stop.describe() + ran + "; " + job.acknowledged + " of " + job.total + " G-code lines acknowledged, drawn up to line "
                    + (r.resumeLine() - 1) + next);
        }
        journal.finish("completed");
        return r;
    }

    /** A job's streaming, told of each acknowledged line. */
    interface Streaming {
        void run(CncRunner.Listener listener) throws Exception;
    }

    /**
     * Runs a job on a thread of its own and returns once GRBL has taken its first line, so that whoever asks next
     * finds it running; throws why it failed when it failed before that.
     */
    static void inBackground(String id, Streaming streaming) throws IOException, InterruptedException {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<String> failure = new java.util.concurrent.atomic.AtomicReference<>();
        CncRunner.Listener firstLine = new CncRunner.Listener() {
            @Override public void acknowledged(int line, int acknowledged, int total) {
                started.countDown();
            }

            @Override public void log(String message) { }
        };
        Thread t = new Thread(() -> {
            try {
                streaming.run(firstLine);
            } catch (Exception e) {
                failure.set(e.getMessage());
            } catch (Throwable e) {
                failure.set(e.toString());
            } finally {
                started.countDown();
            }
        }, "cnc-job " + id);
        t.setDaemon(true);
        t.start();
        started.await(30, java.util.concurrent.TimeUnit.SECONDS);
        if (failure.get() != null) throw new IOException("job " + id + ": " + failure.get());
    }

    /** The journals kept, newest last. */
    static List<JobJournal.State> list(Path folder) throws IOException {
        List<JobJournal.State> out = new java.util.ArrayList<>();
        for (String id : JobJournal.ids(folder)) out.add(JobJournal.read(folder, id));
        return out;
    }
}
