package dev.atelier.studio.internal;

import dev.atelier.core.DescriptorException;
import dev.atelier.core.Job;
import dev.atelier.core.JobService;
import dev.atelier.core.JobState;
import dev.atelier.core.PipelineRegistry;
import dev.atelier.core.ResolvedPipeline;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Live previews: the page's chain runs as an ordinary job of the host (the same parsing, checks, workers and
 * file output as the shell's {@code run}), on a reduced copy of the photo, into a file in a private folder
 * whose bytes go back to the page. A newer preview cancels the one still running, so turning a knob quickly
 * never queues stale work.
 */
final class Previews {
    /** About a megapixel: what the preview runs on. */
    static final long PREVIEW_PIXELS = 1_000_000;
    static final Duration LIMIT = Duration.ofSeconds(60);

    record Input(String name, Path file) { }

    /** @param steps each step's time in the host's job ("decode 12 ms, 1 'dither' 40 ms, ..."), for the page and the benchmark */
    record Result(byte[] bytes, String type, long millis, List<String> log, String steps, long id, List<String> reports) { }

    /** The text reports (declared attachments) of the latest preview, by name; the page fetches them after the picture. */
    private volatile Map<String, String> lastReports = Map.of();
    private volatile long lastReportsId;

    /** A report of the latest preview, or null when that preview is gone or made no such report. */
    String report(long id, String name) {
        return id == lastReportsId ? lastReports.get(name) : null;
    }

    /** A preview that could not be made, with a message for the page. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Failure(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final PipelineRegistry registry;
    private final JobService jobs;
    private final java.util.function.DoubleSupplier maxMegapixels;
    private final List<Path> folders;
    private final Path work;
    private final Map<String, Path> reduced = new ConcurrentHashMap<>();
    private final AtomicReference<Job> running = new AtomicReference<>();
    private final AtomicLong counter = new AtomicLong();

    /** @param maxMegapixels the host's limit on an image's size, as its jobs apply it ({@link JobService#maxMegapixels}) */
    Previews(PipelineRegistry registry, JobService jobs, java.util.function.DoubleSupplier maxMegapixels, List<Path> folders, Path work) {
        this.registry = registry;
        this.jobs = jobs;
        this.maxMegapixels = maxMegapixels;
        this.folders = folders;
        this.work = work;
    }

    /** The photos a preview can start from: the images in the home's samples/ and inputs/ folders. */
    List<Input> inputs() throws IOException {
        List<Input> out = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) continue;
            try (Stream<Path> s = Files.list(folder)) {
                for (Path p : s.filter(f -> dev.atelier.core.ImageFiles.isImage(f.getFileName().toString()))
                        .sorted().toList()) {
                    out.add(new Input(folder.getFileName() + "/" + p.getFileName(), p));
                }
            }
        }
        return out;
    }

    Path input(String name) throws IOException, Failure {
        for (Input i : inputs()) if (i.name().equals(name)) return i.file();
        throw new Failure(404, "no input named '" + name + "'; pick one of the listed photos");
    }

    /**
     * The photo the preview runs on: the file itself when it is a JPEG of at most about a megapixel (the
     * deblocking filter needs the JPEG's own tables), otherwise a BMP scaled down to about a megapixel.
     */
    Path reduced(String name, boolean crop) throws IOException, Failure {
        return crop ? cropped(name) : reduced(name);
    }

    /** The side of the 100 % crop, in pixels (about a megapixel). */
    static final int CROP = 1024;

    /**
     * A 100 % crop of the photo's centre, about a megapixel, at the photo's own pixels: for a JPEG, a JPEG cut on
     * the 16-pixel grid of its blocks and written again with the photo's own tables and sampling (what the
     * deblocking filter reads to know how hard the photo was compressed), otherwise a BMP.
     */
    Path cropped(String name) throws IOException, Failure {
        Path original = input(name);
        String key = name + "#crop";
        Path known = reduced.get(key);
        if (known != null && Files.exists(known)) return known;
        return withReader(original, name, false, reader -> {
            int w = reader.getWidth(0), h = reader.getHeight(0);
            int cw = Math.min(w, CROP), ch = Math.min(h, CROP);
            int x0 = Math.max(0, (w - cw) / 2) / 16 * 16, y0 = Math.max(0, (h - ch) / 2) / 16 * 16;
            javax.imageio.ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceRegion(new java.awt.Rectangle(x0, y0, Math.min(cw, w - x0), Math.min(ch, h - y0)));
            BufferedImage part = reader.read(0, param);
            boolean jpeg = reader.getFormatName().toLowerCase(Locale.ROOT).startsWith("jp");
            Path result = copyPath(original, jpeg ? ".jpg" : ".bmp");
            if (jpeg) {
                javax.imageio.metadata.IIOMetadata metadata = reader.getImageMetadata(0);
                javax.imageio.ImageWriter writer = ImageIO.getImageWriter(reader);
                try (javax.imageio.stream.ImageOutputStream out = ImageIO.createImageOutputStream(result.toFile())) {
                    writer.setOutput(out);
                    writer.write(null, new javax.imageio.IIOImage(part, null, metadata), writer.getDefaultWriteParam());
                } finally {
                    writer.dispose();
                }
            } else {
                BufferedImage rgb = new BufferedImage(part.getWidth(), part.getHeight(), BufferedImage.TYPE_INT_RGB);
                Graphics2D g = rgb.createGraphics();
                g.drawImage(part, 0, 0, null);
                g.dispose();
                ImageIO.write(rgb, "bmp", result.toFile());
            }
            reduced.put(key, result);
            return result;
        });
    }

    /**
     * Where a copy of a photo goes: a folder of its own, the photo's own name, so that what the chain reports
     * of its input (a bill of materials' title, {input} in a path) names the photo, not the copy.
     */
    private Path copyPath(Path original, String extension) throws IOException {
        Path folder = Files.createDirectories(work.resolve("input-" + counter.incrementAndGet()));
        return folder.resolve(stem(original) + extension);
    }

    Path reduced(String name) throws IOException, Failure {
        Path original = input(name);
        Path known = reduced.get(name);
        if (known != null && Files.exists(known)) return known;
        BufferedImage img = decodeForPreview(name, original);
        long pixels = (long) img.getWidth() * img.getHeight();
        String lower = original.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean small = pixels <= PREVIEW_PIXELS * 1.2, alpha = img.getColorModel().hasAlpha();
        Path result;
        // a small JPEG as it is (deblocking reads its own tables), a small BMP too; a transparent photo keeps its
        // alpha (a PNG copy), so the host lays it over its own background as in a full-size run
        if (small && (lower.matches(".*\\.(jpe?g|bmp)$") || alpha)) {
            result = original;
        } else {
            double s = small ? 1 : Math.sqrt((double) PREVIEW_PIXELS / pixels);
            int w = Math.max(1, (int) Math.round(img.getWidth() * s)), h = Math.max(1, (int) Math.round(img.getHeight() * s));
            BufferedImage copy = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
            Graphics2D g = copy.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(small ? img : img.getScaledInstance(w, h, java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
            g.dispose();
            // BMP: every preview decodes this copy again, and an uncompressed megapixel reads in a few
            // milliseconds (core reads 24-bit BMPs itself) where the same PNG took 40-60
            result = copyPath(original, alpha ? ".png" : ".bmp");
            ImageIO.write(copy, alpha ? "png" : "bmp", result.toFile());
        }
        reduced.put(name, result);
        return result;
    }

    /**
     * The photo decoded for its reduced copy: refused from its header when a full-size run would refuse it (over
     * the host's {@code max.megapixels}: a decompression bomb never reaches memory), and a large photo decoded
     * at every k-th pixel so that at least four times the preview's pixels remain for the area-averaging that
     * follows (a 24 MP photo's 6 MP rather than all 24).
     */
    private BufferedImage decodeForPreview(String name, Path original) throws IOException, Failure {
        return withReader(original, name, true, reader -> {
            int w = reader.getWidth(0), h = reader.getHeight(0);
            javax.imageio.ImageReadParam param = reader.getDefaultReadParam();
            int k = (int) Math.floor(Math.sqrt((double) w * h / (4.0 * PREVIEW_PIXELS)));
            if (k > 1) param.setSourceSubsampling(k, k, 0, 0);
            return reader.read(0, param);
        });
    }

    private interface ReaderWork<T> {
        T apply(javax.imageio.ImageReader reader) throws IOException, Failure;
    }

    /** Work on a photo's Image I/O reader, once its header says the photo is within the host's size limit. */
    private <T> T withReader(Path file, String name, boolean ignoreMetadata, ReaderWork<T> work) throws IOException, Failure {
        try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            java.util.Iterator<javax.imageio.ImageReader> readers = in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new Failure(415, name + " is not an image Java can read");
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, ignoreMetadata);
                refuseOverLimit(name, reader.getWidth(0), reader.getHeight(0), maxMegapixels.getAsDouble());
                return work.apply(reader);
            } catch (javax.imageio.IIOException e) {
                throw new Failure(415, name + " cannot be read: " + e.getMessage());
            } finally {
                reader.dispose();
            }
        }
    }

    /** The host's limit on an image's size, in megapixels. */
    double maxMegapixels() {
        return maxMegapixels.getAsDouble();
    }

    /** What a full-size run would refuse, refused here too, with the same advice. */
    static void refuseOverLimit(String name, int width, int height, double max) throws Failure {
        double mp = (double) width * height / 1e6;
        if (mp > max) {
            throw new Failure(413, String.format(Locale.ROOT, "%s is %d x %d pixels (%.1f MP), over the host's limit of %.1f MP; raise max.megapixels "
                    + "in etc/dev.atelier.core.jobs.cfg if the photo is genuine", name, width, height, mp, max));
        }
    }

    /**
     * Runs the chain (filters only; the page adds no output) on the input's reduced copy.
     *
     * @param drawing whether the chain ends in a drawing (written as SVG) rather than an image (PNG)
     */
    Result run(String chain, String inputName, boolean drawing, boolean crop) throws IOException, Failure, InterruptedException {
        if (chain.isBlank()) throw new Failure(400, "the chain is empty: add a filter");
        if (chain.contains("\n")) throw new Failure(400, "a chain is one line");
        Path in = reduced(inputName, crop);
        // an image goes back as BMP: no compression to wait for, and a megapixel's 3 MB cross the loopback in a
        // few milliseconds (the browser shows BMP natively)
        long id = counter.incrementAndGet();
        Path out = work.resolve("preview-" + id + (drawing ? ".svg" : ".bmp"));
        ResolvedPipeline pipeline;
        // the text reports the last filter declares (a mosaic's bill of materials) go to files beside the picture
        Map<String, Path> reportFiles = new java.util.LinkedHashMap<>();
        try {
            Reports.Chain resolved = Reports.resolve(registry, chain, " ! file path=\"" + out + "\" overwrite=true",
                    file -> work.resolve("preview-" + id + "-" + file).toString());
            pipeline = resolved.pipeline();
            resolved.files().forEach((name, path) -> reportFiles.put(name, Path.of(path)));
        } catch (DescriptorException e) {
            throw new Failure(400, e.getMessage());
        }
        long t0 = System.nanoTime();
        Job job = jobs.submit(pipeline, List.of(in));
        Job before = running.getAndSet(job);
        if (before != null) before.cancel();
        try {
            if (!job.await(LIMIT)) {
                job.cancel();
                throw new Failure(504, "the preview took over " + LIMIT.toSeconds() + " s; try fewer cells or a simpler chain");
            }
            if (job.state() == JobState.CANCELLED || running.get() != job) throw new Failure(409, "superseded by a newer preview");
            Job.FileResult r = job.results().isEmpty() ? null : job.results().get(0);
            if (r == null || !r.ok()) throw new Failure(422, r == null ? "the preview made nothing" : r.error());
            byte[] bytes = Files.readAllBytes(out);
            Map<String, String> reports = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, Path> f : reportFiles.entrySet()) {
                if (Files.isRegularFile(f.getValue())) reports.put(f.getKey(), Files.readString(f.getValue()));
            }
            lastReports = reports;
            lastReportsId = id;
            StringBuilder steps = new StringBuilder();
            r.stepTimes().forEach((step, d) -> steps.append(steps.length() == 0 ? "" : ", ").append(step).append(' ').append(d.toMillis()).append(" ms"));
            return new Result(bytes, drawing ? "image/svg+xml" : "image/bmp", (System.nanoTime() - t0) / 1_000_000, r.log(), steps.toString(),
                    id, List.copyOf(reports.keySet()));
        } finally {
            running.compareAndSet(job, null);
            Files.deleteIfExists(out);
            for (Path f : reportFiles.values()) Files.deleteIfExists(f);
        }
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return (dot < 0 ? n : n.substring(0, dot)).replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
