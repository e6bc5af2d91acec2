package dev.atelier.plugin.dither.internal;

import dev.atelier.api.Filter;
import dev.atelier.api.FilterProperties;
import dev.atelier.api.Payload;
import dev.atelier.api.Raster;
import dev.atelier.api.StepContext;
import dev.atelier.plugin.dither.api.ErrorDiffusion;
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
@FilterProperties(name = "dither", description = "Reduces the image to a palette by error diffusion (OKLab matching, linear-light error)")
@Designate(ocd = DitherFilter.Config.class)
public class DitherFilter implements Filter {
    /** Attachment: the palette used and the pixel count of each colour, by colour name. */
    public static final String COUNTS = "dither.counts";

    @ObjectClassDefinition(name = "dither", description = "Error diffusion onto a fixed palette")
    @interface Config {
        @AttributeDefinition(description = "Built-in palette (bw, cga, ega, gameboy, websafe, candy, greyN for N grey levels) "
                + "or a palette file: GIMP .gpl, a list of hex colours, or a PNG/GIF/BMP whose colours are the palette")
        String palette() default "ega";

        @AttributeDefinition(description = "Error diffusion kernel", options = {
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
    }

    @Override public Payload apply(Payload input, StepContext ctx) throws java.io.IOException {
        Config c = ctx.parameters(Config.class);
        Palette palette = palette(c.palette(), ctx);
        ErrorDiffusion ed = new ErrorDiffusion(palette, Kernel.of(c.kernel()), c.serpentine(), c.strength() / 100,
                ErrorDiffusion.Space.valueOf(c.diffusion().toUpperCase(Locale.ROOT)));
        Raster in = (Raster) input;
        long[] counts = new long[palette.size()];
        int[] out = ed.apply(in.pixels(), in.width(), in.height(), counts, ctx::isCancelled);
        ctx.attach(COUNTS, palette.countsByName(counts));
        ctx.log("dithered to " + palette.name() + " (" + palette.size() + " colours) with " + c.kernel());
        return in.withPixels(out);
    }

    /** A built-in name, or a file when the value looks like a path. */
    static Palette palette(String value, StepContext ctx) throws java.io.IOException {
        if (value.contains("/") || value.contains(".")) return PaletteFiles.read(ctx.baseDirectory().resolve(value));
        return Palettes.named(value);
    }
}
