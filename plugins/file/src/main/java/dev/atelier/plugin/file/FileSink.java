package dev.atelier.plugin.file;

import dev.atelier.api.Drawing;
import dev.atelier.api.Payload;
import dev.atelier.api.Raster;
import dev.atelier.api.Sink;
import dev.atelier.api.SinkProperties;
import dev.atelier.api.StepContext;
import dev.atelier.plugin.file.gcode.GcodeWriter;
import dev.atelier.plugin.file.gcode.MachineProfile;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Writes a raster as PNG, JPEG, BMP or TIFF, and a drawing as SVG, G-code or a preview picture, to a
 * path made from a template.
 */
@Component
@SinkProperties(name = "file", input = {Payload.RASTER, Payload.DRAWING},
        description = "Writes an image (PNG, JPEG, BMP, TIFF) or a drawing (SVG, G-code for GRBL, or a PNG/JPEG preview) to a file, atomically")
@Designate(ocd = FileSink.Config.class)
public class FileSink implements Sink {

    @ObjectClassDefinition(name = "file", description = "Writes the result to a file")
    @interface Config {
        @AttributeDefinition(description = "Where to write; {input} is the input's name without extension, {pipeline} the pipeline's "
                + "name, {format} the format's extension. Relative paths start at the host's working folder. Example: out/{input}-{pipeline}.png")
        String path();

        @AttributeDefinition(description = "File format; auto takes it from the path's extension (.gcode, .nc and .gc are G-code). "
                + "svg and gcode need a drawing; a drawing written as png/jpeg/bmp/tiff is a preview picture; "
                + "bmp is 8-bit with a colour table for 256 colours or fewer (a dithered image), else 24-bit", options = {
            @Option(value = "auto"), @Option(value = "png"), @Option(value = "jpeg"), @Option(value = "bmp"), @Option(value = "tiff"),
            @Option(value = "svg"), @Option(value = "gcode")})
        String format() default "auto";

        @AttributeDefinition(min = "1", max = "100", description = "JPEG quality (IJG scale, 4:2:0 chroma)")
        int quality() default 92;

        @AttributeDefinition(description = "Replace a file that already exists (otherwise the step fails and the file is kept)")
        boolean overwrite() default false;

        @AttributeDefinition(min = "0.01", description = "Drawings: line width in mm in SVG and previews")
        double stroke_mm() default 0.5;

        @AttributeDefinition(min = "0.1", max = "100", description = "Drawings: preview pixels per mm")
        double px_per_mm() default 4;

        @AttributeDefinition(description = "G-code: machine profile, built in (etch-a-sketch 150 x 100 mm with 0.4 mm backlash, grbl-plotter "
                + "300 x 200 mm) or a profile file of 'key: value' lines (name, width.mm, height.mm, feed, acceleration, "
                + "junction.deviation, resolution, backlash.x, backlash.y)")
        String machine() default "etch-a-sketch";

        @AttributeDefinition(min = "0", description = "G-code: feed rate in mm/min; 0 takes the machine's")
        double feed() default 0;

        @AttributeDefinition(description = "G-code: scale a drawing larger than the work area down to fit (otherwise it is an error)")
        boolean fit() default true;

        @AttributeDefinition(description = "Write this attachment of an earlier step instead of the result, when it is an image, a "
                + "drawing, text or a PDF (for example linify.plot, the plot of linify's gamma search, mosaic.bom and mosaic.chart, or mosaic.sheets)")
        String attachment() default "";
    }

    @Override public void write(Payload payload, StepContext ctx) throws Exception {
        Config c = ctx.parameters(Config.class);
        Path target = PathTemplate.resolve(c.path(), ctx);
        String kind = kind(c.format(), target);
        if (!c.attachment().isEmpty()) {
            Object a = ctx.attachments().get(c.attachment());
            if (a instanceof CharSequence text) { // a report or a table, such as mosaic.bom or mosaic.chart
                if (!kind.equals("picture") || ImageFormat.isPictureName(target)) {
                    throw new IllegalArgumentException("parameter attachment: '" + c.attachment() + "' is text; write it to a text file "
                            + "(.txt, .csv, .md), not " + target.getFileName());
                }
                byte[] bytes = text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                AtomicFile.write(target, c.overwrite(), out -> out.write(bytes));
                ctx.log("wrote " + target);
                return;
            }
            if (a instanceof byte[] bytes) { // a document made by a step, such as mosaic.sheets (PDF)
                String expected = bytes.length >= 4 && new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("%PDF") ? ".pdf" : null;
                if (expected == null || !target.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(expected)) {
                    throw new IllegalArgumentException("parameter attachment: '" + c.attachment() + "' is a "
                            + (expected == null ? "binary document" : "PDF document") + "; write it to a " + (expected == null ? "file of its own kind" : ".pdf file")
                            + ", not " + target.getFileName());
                }
                AtomicFile.write(target, c.overwrite(), out -> out.write(bytes));
                ctx.log("wrote " + target);
                return;
            }
            payload = attachment(c.attachment(), ctx);
        }
        if (payload instanceof Drawing d) {
            switch (kind) {
                case "svg" -> AtomicFile.write(target, c.overwrite(), out -> SvgWriter.write(d, c.stroke_mm(), out));
                case "gcode" -> {
                    MachineProfile m = MachineProfile.of(c.machine(), ctx.baseDirectory());
                    GcodeWriter.Program p = GcodeWriter.program(d, m, c.feed() > 0 ? c.feed() : m.feed(), c.fit());
                    AtomicFile.write(target, c.overwrite(), out -> GcodeWriter.write(p, out));
                    ctx.log(String.format(java.util.Locale.ROOT, "G-code for %s: %d moves, about %s", m.name(), p.moves(), GcodeWriter.duration(p.seconds())));
                }
                default -> {
                    ImageFormat format = ImageFormat.choose(c.format(), target);
                    java.awt.image.BufferedImage img = DrawingPreview.render(d, c.px_per_mm(), c.stroke_mm());
                    AtomicFile.write(target, c.overwrite(), out -> format.write(img, c.quality(), out));
                }
            }
        } else {
            if (kind.equals("svg") || kind.equals("gcode")) {
                throw new IllegalArgumentException("cannot write an image as " + kind + " (" + target.getFileName()
                        + "): " + kind + " needs a drawing; put a step that makes one, such as linify, before this output");
            }
            ImageFormat format = ImageFormat.choose(c.format(), target);
            Raster raster = (Raster) payload;
            if (format == ImageFormat.BMP) {
                AtomicFile.write(target, c.overwrite(), out -> BmpWriter.write(raster.width(), raster.height(), raster.pixels(), out));
            } else {
                // a grey image (a grey input, or a grey JPEG deblocked) is written as a grey PNG: a third of the size, same values
                java.awt.image.BufferedImage image = format == ImageFormat.PNG && isGrey(raster) ? greyImage(raster) : raster.toImage();
                AtomicFile.write(target, c.overwrite(), out -> format.write(image, c.quality(), out));
            }
        }
        ctx.log("wrote " + target);
    }

    @Override public Path target(java.util.Map<String, Object> parameters, dev.atelier.api.ImageSource input, String pipeline, Path baseDirectory) {
        Object path = parameters.get("path");
        if (!(path instanceof String template) || !"".equals(parameters.getOrDefault("attachment", ""))) return null;
        return PathTemplate.resolve(template, input, pipeline, baseDirectory);
    }

    /** At load time: the path's placeholders, a format this output writes, a format that suits the payload, a known machine. */
    @Override public java.util.List<String> check(java.util.Map<String, Object> parameters, String input) {
        java.util.List<String> problems = new java.util.ArrayList<>();
        Object path = parameters.get("path");
        if (!(path instanceof String template)) return problems;
        String sample;
        try {
            sample = PathTemplate.expand(template, name -> name.equals("format") ? "png" : "{" + name + "}");
        } catch (IllegalArgumentException e) {
            problems.add("parameter 'path': " + e.getMessage());
            return problems;
        }
        if (!"".equals(parameters.getOrDefault("attachment", ""))) return problems; // its type is known only when a job runs
        String format = String.valueOf(parameters.getOrDefault("format", "auto"));
        String where = format.equals("auto") ? "parameter 'path'" : "parameter 'format'";
        Path target;
        try {
            target = Path.of(sample);
            if (target.getFileName() == null) throw new java.nio.file.InvalidPathException(sample, "no file name");
        } catch (java.nio.file.InvalidPathException e) {
            problems.add("parameter 'path': '" + template + "' is not a valid file name: " + e.getMessage());
            return problems;
        }
        String kind = kind(format, target);
        if (kind.equals("picture")) {
            try {
                ImageFormat.choose(format, target);
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
            }
        } else if (Payload.RASTER.equals(input)) {
            problems.add(where + ": " + kind + " (" + target.getFileName() + ") needs a drawing, but this output gets an image; "
                    + "put a step that makes one, such as linify, before it, or write .png, .jpg, .bmp or .tif");
        } else if (kind.equals("gcode")) {
            String machine = String.valueOf(parameters.getOrDefault("machine", "etch-a-sketch"));
            if (!machine.contains("/") && !machine.contains(".")) {
                try {
                    MachineProfile.of(machine, Path.of(""));
                } catch (IllegalArgumentException | java.io.IOException e) {
                    problems.add(e.getMessage().replaceFirst("^parameter machine:", "parameter 'machine':"));
                }
            }
        }
        return problems;
    }

    /** Whether every pixel has R = G = B (stops at the first that does not). */
    static boolean isGrey(Raster r) {
        for (int p : r.pixels()) if ((p >> 16 & 0xFF) != (p & 0xFF) || (p >> 8 & 0xFF) != (p & 0xFF)) return false;
        return true;
    }

    /** An 8-bit grey image with the raster's values as they are (not converted through a colour space). */
    static java.awt.image.BufferedImage greyImage(Raster r) {
        java.awt.image.BufferedImage g = new java.awt.image.BufferedImage(r.width(), r.height(), java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((java.awt.image.DataBufferByte) g.getRaster().getDataBuffer()).getData();
        int[] px = r.pixels();
        for (int i = 0; i < px.length; i++) data[i] = (byte) px[i];
        return g;
    }

    private static Payload attachment(String name, StepContext ctx) {
        Object a = ctx.attachments().get(name);
        if (a == null) {
            throw new IllegalArgumentException("parameter attachment: no attachment '" + name + "' here; the steps attached "
                    + (ctx.attachments().isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(ctx.attachments().keySet())))
                    + " (linify.plot needs gamma: auto)");
        }
        if (!(a instanceof Raster || a instanceof Drawing)) {
            throw new IllegalArgumentException("parameter attachment: '" + name + "' is a " + a.getClass().getSimpleName()
                    + "; the file output writes images, drawings and text");
        }
        return (Payload) a;
    }

    /** svg, gcode, or anything else (a picture format, checked by ImageFormat). */
    static String kind(String format, Path target) {
        String f = format.toLowerCase(java.util.Locale.ROOT);
        if (!f.equals("auto")) return f;
        String name = target.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".svg")) return "svg";
        if (name.endsWith(".gcode") || name.endsWith(".nc") || name.endsWith(".gc")) return "gcode";
        return "picture";
    }
}
