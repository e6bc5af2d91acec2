package dev.atelier.plugin.cnc.api;

import java.io.IOException;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The GRBL controllers of this host, as the cnc:* commands see them: the same connections, jobs and journals
 * (a serial port can be opened only once, so every front end must go through here). A method that needs a
 * machine takes the one open on {@code port}; its exceptions carry a message for the user that says what to do.
 */
@ProviderType
public interface CncMachines {
    /** A serial port the system lists, or one that is open though the system does not list it (a pseudo-terminal). */
    record Port(String path, String description, boolean open) { }

    /**
     * An open controller now.
     *
     * @param state GRBL's state (Idle, Run, Hold:0, Alarm, ...)
     * @param position machine position in mm (x, y, z), or null before a status report gave one
     * @param alarm the alarm it is in ("ALARM:1"), or null
     * @param job the running job, or null
     */
    record Status(String port, String banner, String state, double[] position, double feed, String alarm, RunningJob job) { }

    /** A job streaming now: lines acknowledged of the program's lines, and the seconds left (NaN while unknown). */
    record RunningJob(String id, int acknowledged, int total, double secondsLeft) { }

    /** A journalled job: completed, or stopped and resumable from the line after the last acknowledged one. */
    record JournalledJob(String id, String state, int acknowledged, int total, long modifiedMillis, boolean running) { }

    List<Port> ports();

    /** Opens the controller on a port and keeps it open (as cnc:connect); one already open is returned as it is. */
    Status connect(String port, int baud) throws IOException, InterruptedException;

    /** Closes it (refused while it runs a job). */
    void disconnect(String port) throws IOException;

    /** Every open controller, with its last status (a fresh one asked for when no job is streaming). */
    List<Status> machines();

    /** Feed hold (!). */
    void hold(String port) throws IOException;

    /** Cycle start (~) after a feed hold. */
    void cycleStart(String port) throws IOException;

    /** Stops the running job (hold, then soft reset; it stays resumable), or soft-resets an idle controller. */
    void reset(String port) throws IOException;

    /** $X after an alarm, when the position is known to be right. */
    void unlock(String port) throws IOException, InterruptedException;

    /** The journalled jobs, oldest first. */
    List<JournalledJob> jobs() throws IOException;

    /** The G-code a journalled job streams (its lines as written, comments included). */
    List<String> program(String jobId) throws IOException;

    /**
     * Continues a stopped job from its first line not drawn, on {@code port} (null: the journalled one), in the
     * background; returns once it runs or throws why it cannot.
     */
    void resume(String jobId, String port, boolean unlock) throws IOException, InterruptedException;
}
