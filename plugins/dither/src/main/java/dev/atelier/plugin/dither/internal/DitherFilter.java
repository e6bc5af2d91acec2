package dev.atelier.plugin.dither.internal;

import dev.atelier.api.Filter;
import dev.atelier.api.FilterProperties;
import dev.atelier.api.Payload;
import dev.atelier.api.Raster;
import dev.atelier.api.StepContext;
import dev.atelier.plugin.dither.api.AdaptivePalette;
import dev.atelier.plugin.dither.api.Ditherer;
import dev.atelier.plugin.dither.api.ErrorDiffusion;
import dev.atelier.plugin.dither.api.Matching;
import dev.atelier.plugin.dither.api.OrderedDither;
import dev.atelier.plugin.dither.api.Riemersma;
import dev.atelier.plugin.dither.api.ThresholdMatrix;
import dev.atelier.plugin.dither.api.Kernel;
import dev.atelier.plugin.dither.api.Palette;
import dev.atelier.plugin.dither.api.PaletteFiles;
import dev.atelier.plugin.dither.api.Palettes;
import java.util.Locale;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Reduces an image to a palette by error diffusion; every output pixel is exactly a palette colour. */
@Component
@FilterProperties(name = "dither", description = "Reduces the image to a palette: error diffusion, ordered (Bayer, blue noise) or Riemersma")
@Designate(ocd = DitherFilter.Config.class)
public class DitherFilter implements Filter {
    /** Attachment: the palette used and the pixel count of each colour, by colour name. */
    public static final String COUNTS = "dither.counts";

    /** Attachment: the {@link Palette} used (for an adaptive palette, the colours chosen). */
    public static final String PALETTE = "dither.palette";

    @ObjectClassDefinition(name = "dither", description = "Reduces an image to a palette; every output pixel is exactly a palette colour")
    @interface Config {
        @AttributeDefinition(description = "Built-in palette (bw, cga, ega, gameboy, websafe, candy, greyN for N grey levels), "
                + "adaptiveN (N colours chosen from the image by k-means in OKLab), "
                + "or a palette file: GIMP .gpl, a list of hex colours, or a PNG/GIF/BMP whose colours are the palette")
        String palette() default "ega";

        @AttributeDefinition(description = "error-diffusion (with kernel), ordered with a threshold matrix (bayer2..bayer16, blue-noise), "
                + "or riemersma (error along a Hilbert curve)", options = {
            @Option(value = "error-diffusion"), @Option(value = "bayer2"), @Option(value = "bayer4"), @Option(value = "bayer8"),
            @Option(value = "bayer16"), @Option(value = "blue-noise"), @Option(value = "riemersma")})
        String method() default "error-diffusion";

        @AttributeDefinition(description = "Error diffusion kernel (method error-diffusion)", options = {
            @Option(value = "floyd-steinberg"), @Option(value = "jarvis-judice-ninke"), @Option(value = "stucki"),
            @Option(value = "burkes"), @Option(value = "sierra3"), @Option(value = "sierra2"), @Option(value = "sierra-lite"),
            @Option(value = "atkinson")})
        String kernel() default "floyd-steinberg";

        @AttributeDefinition(description = "Scan odd rows right to left, which breaks up the diagonal 'worms' of plain scanning")
        boolean serpentine() default true;

        @AttributeDefinition(min = "0", max = "100", description = "Percent of the error passed on; 0 maps each pixel to its nearest colour")
        double strength() default 100;

        @AttributeDefinition(description = "Where the error is measured and spread: linear light (right) or sRGB values (for comparison)",
                options = {@Option(value = "linear"), @Option(value = "srgb")})
        String diffusion() default "linear";

        @AttributeDefinition(description = "How the nearest palette colour is chosen: distance in OKLab, or CIEDE2000 in CIELAB (slower)",
                options = {@Option(value = "oklab"), @Option(value = "ciede2000")})
        String matching() default "oklab";
    }

    /** The folder relative palette files are read from: the host's working folder, as jobs resolve them. */
    private final java.nio.file.Path baseDirectory = java.nio.file.Paths.get(System.getProperty("atelier.workdir", "")).toAbsolutePath();

    /** At load time: the palette exists (a built-in name, adaptiveN with N in range, or a readable palette file). */
    @Override public java.util.List<String> check(java.util.Map<String, Object> parameters, String input) {
        String value = String.valueOf(parameters.getOrDefault("palette", "ega"));
        try {
            if (value.contains("/") || value.contains(".")) {
                PaletteFiles.read(baseDirectory.resolve(value));
            } else if (value.matches("adaptive[0-9]+")) {
                int n = Integer.parseInt(value.substring("adaptive".length()));
                if (n < 2 || n > 256) return java.util.List.of("parameter 'palette': " + value + " asks for " + n + " colours; adaptive palettes have 2 to 256");
            } else {
                Palettes.named(value);
            }
        } catch (IllegalArgumentException | java.io.IOException e) {
            return java.util.List.of("parameter 'palette': " + e.getMessage());
        }
        return java.util.List.of();
    }

    @Override public Payload apply(Payload input, StepContext ctx) throws java.io.IOException {
        Config c = ctx.parameters(Config.class);
        Raster in = (Raster) input;
        Palette palette = palette(c.palette(), in, ctx);
        Matching matching = Matching.of(c.matching());
        Ditherer ditherer;
        String method = c.method();
        if (method.equals("error-diffusion")) {
            ditherer = new ErrorDiffusion(palette, Kernel.of(c.kernel()), c.serpentine(), c.strength() / 100,
                    ErrorDiffusion.Space.valueOf(c.diffusion().toUpperCase(Locale.ROOT)), matching);
            method = c.kernel();
        } else if (method.equals("riemersma")) {
            ditherer = new Riemersma(palette, matching);
        } else if (method.equals("blue-noise")) {
            ditherer = new OrderedDither(palette, ThresholdMatrix.blueNoise(64), matching);
        } else {
            ditherer = new OrderedDither(palette, ThresholdMatrix.bayer(Integer.parseInt(method.substring("bayer".length()))), matching);
        }
        long[] counts = new long[palette.size()];
        int[] out = ditherer.apply(in.pixels(), in.width(), in.height(), counts, ctx::isCancelled);
        ctx.attach(COUNTS, palette.countsByName(counts));
        ctx.attach(PALETTE, palette);
        ctx.log("dithered to " + palette.name() + " (" + palette.size() + " colours) with " + method + ", " + matching.id() + " matching");
        return in.withPixels(out);
    }

    /** A built-in name, adaptiveN, or a file when the value looks like a path. */
    static Palette palette(String value, Raster image, StepContext ctx) throws java.io.IOException {
        try {
            if (value.contains("/") || value.contains(".")) return PaletteFiles.read(ctx.baseDirectory().resolve(value));
            if (value.matches("adaptive[0-9]+")) {
                Palette p = AdaptivePalette.of(image.pixels(), Integer.parseInt(value.substring("adaptive".length())));
                ctx.log("adaptive palette: " + String.join(" ", java.util.stream.IntStream.range(0, p.size()).mapToObj(p::colourName).toList()));
                return p;
            }
            return Palettes.named(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parameter palette: " + e.getMessage(), e);
        }
    }
}
