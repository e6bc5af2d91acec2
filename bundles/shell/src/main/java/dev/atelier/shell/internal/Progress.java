package dev.atelier.shell.internal;

import dev.atelier.core.Job;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Follows a job until it ends, drawing a progress bar: redrawn in place on a terminal, one line per
 * finished input otherwise (logs and CI). Written here rather than taken from a progress-bar library
 * because the ones on Maven Central are not OSGi bundles and need JLine's terminal, which Gogo's
 * plain console and batch pipes do not have.
 */
final class Progress {
    private static final int WIDTH = 30;

    private Progress() { }

    static void follow(Job job, PrintStream out, boolean terminal) throws InterruptedException {
        long start = System.nanoTime();
        int reported = 0;
        while (!job.await(Duration.ofMillis(terminal ? 200 : 500))) {
            if (terminal) out.print("\r" + bar(job, start));
            else if (job.done() > reported) {
                reported = job.done();
                out.println(bar(job, start));
            }
            out.flush();
        }
        if (terminal) out.print("\r" + bar(job, start) + "\n");
        else if (job.done() > reported) out.println(bar(job, start));
        out.flush();
    }

    /** The pipeline's name, or a chain's elements ("mosaic ! file") where a chain has no name. */
    static String label(Job job) {
        String d = job.description();
        if (d.equals(job.pipeline()) || !d.contains("!")) return job.pipeline();
        StringBuilder elements = new StringBuilder();
        for (String step : d.split("!")) {
            String[] words = step.trim().split("\\s+");
            if (elements.length() > 0) elements.append(" ! ");
            elements.append(words[0]);
        }
        return elements.toString();
    }

    static String bar(Job job, long startNanos) {
        double p = job.progress();
        int filled = (int) Math.round(p * WIDTH);
        double secs = (System.nanoTime() - startNanos) / 1e9;
        String eta = p > 0.02 && p < 1 ? String.format(Locale.ROOT, " eta %.0fs", secs / p - secs) : "";
        int cancelled = job.cancelled(), failed = job.failed() - cancelled;
        String problems = (failed > 0 ? ", " + failed + " failed" : "") + (cancelled > 0 ? ", " + cancelled + " cancelled" : "");
        return String.format(Locale.ROOT, "%s [%s%s] %3.0f%% %d/%d files %.1fs%s%s", label(job), "#".repeat(filled), ".".repeat(WIDTH - filled),
                100 * p, job.done(), job.total(), secs, eta, problems.isEmpty() ? "" : " (" + problems.substring(2) + ")");
    }
}
