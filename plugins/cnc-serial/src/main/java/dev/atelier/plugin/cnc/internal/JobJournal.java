package dev.atelier.plugin.cnc.internal;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a streaming job needs to be resumed: the exact program sent ({@code ID.gcode}) and a journal
 * ({@code ID.journal}) that starts with the job's settings and then gets one line per acknowledged
 * program line, written through to the file system as it comes, so a host that dies keeps every
 * acknowledgement it had received. The last line says how the job ended.
 */
final class JobJournal implements Closeable {
    private final Path journal;
    private final BufferedWriter out;

    private JobJournal(Path journal, BufferedWriter out) {
        this.journal = journal;
        this.out = out;
    }

    /** Starts a journal in {@code dir} for a program and the settings needed to run it again. */
    static JobJournal create(Path dir, String id, List<String> lines, Map<String, String> settings) throws IOException {
        Files.createDirectories(dir);
        Path program = dir.resolve(id + ".gcode"), journal = dir.resolve(id + ".journal");
        Files.write(program, lines, StandardCharsets.US_ASCII);
        BufferedWriter w = Files.newBufferedWriter(journal, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        for (Map.Entry<String, String> e : settings.entrySet()) w.write("set " + e.getKey() + "=" + e.getValue().replace('\n', ' ') + "\n");
        w.flush();
        return new JobJournal(journal, w);
    }

    /** Reopens a journal to append to it (resuming). */
    static JobJournal reopen(Path dir, String id) throws IOException {
        Path journal = dir.resolve(id + ".journal");
        if (!Files.exists(journal)) throw new IOException("no job '" + id + "' in " + dir + "; cnc:jobs lists them");
        return new JobJournal(journal, Files.newBufferedWriter(journal, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
    }

    /** Records that GRBL acknowledged program line {@code line} (1-based). */
    void acknowledged(int line) {
        try {
            out.write("ack " + line + "\n");
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the job journal " + journal, e);
        }
    }

    void event(String what) throws IOException {
        out.write("event " + what.replace('\n', ' ') + "\n");
        out.flush();
    }

    /** Where a stopped job goes on: the first line not known to be drawn, and where the machine stood. */
    void stopped(int resumeLine, double[] position) throws IOException {
        out.write("resume-from " + resumeLine + "\n");
        if (position != null && position.length >= 2) out.write(String.format(java.util.Locale.ROOT, "position %.3f,%.3f%n", position[0], position[1]));
        out.flush();
    }

    void finish(String state) throws IOException {
        out.write("state " + state + "\n");
        out.flush();
    }

    @Override public void close() throws IOException {
        out.close();
    }

    /** What a journal file says. */
    record State(String id, Map<String, String> settings, int lastAcknowledged, int acknowledgedLines, String state, Path program, long modifiedMillis,
                 int resumeLine) { }

    static State read(Path dir, String id) throws IOException {
        Path journal = dir.resolve(id + ".journal");
        if (!Files.exists(journal)) throw new IOException("no job '" + id + "' in " + dir + "; cnc:jobs lists them");
        Map<String, String> settings = new LinkedHashMap<>();
        int last = 0, count = 0, resume = -1, attempt = -1, acksSinceAttempt = 0;
        java.util.ArrayDeque<Integer> recent = new java.util.ArrayDeque<>(); // the last acknowledged lines, for a stop nobody recorded
        String state = "running";
        for (String l : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
            if (l.startsWith("set ")) {
                int eq = l.indexOf('=');
                settings.put(l.substring(4, eq), l.substring(eq + 1));
            } else if (l.startsWith("ack ")) {
                try {
                    int n = Integer.parseInt(l.substring(4).trim());
                    last = Math.max(last, n);
                    count++;
                    acksSinceAttempt++;
                    recent.addLast(n);
                    if (recent.size() > GrblConnection.UNKNOWN_PLANNER) recent.removeFirst();
                } catch (NumberFormatException torn) {
                    // a line cut off by a crash: the ones before it stand
                }
            } else if (l.startsWith("resume-from ")) {
                try {
                    resume = Integer.parseInt(l.substring("resume-from ".length()).trim());
                } catch (NumberFormatException torn) {
                    // cut off by a crash: resume after the last acknowledged line
                }
            } else if (l.startsWith("state ")) {
                state = l.substring(6);
            } else if (l.startsWith("event resume")) {
                state = "running";
                resume = -1;
                acksSinceAttempt = 0;
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("from line (\\d+)").matcher(l);
                attempt = m.find() ? Integer.parseInt(m.group(1)) : -1;
            }
        }
        // a stop that knew the planner says where drawing really ended; a resume that failed before it sent a line
        // keeps its start; a host that died mid-job recorded neither, and a planner's worth of its oks may not be drawn
        int from = resume > 0 ? Math.min(resume, last + 1)
                : attempt > 0 && acksSinceAttempt == 0 ? attempt
                : recent.isEmpty() ? last + 1 : recent.peekFirst();
        return new State(id, settings, last, count, state, dir.resolve(id + ".gcode"), Files.getLastModifiedTime(journal).toMillis(), from);
    }

    static List<String> ids(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".journal"))
                    .map(n -> n.substring(0, n.length() - ".journal".length())).sorted().toList();
        }
    }
}
