package @@PACKAGE@@;

import dev.atelier.api.Filter;
import dev.atelier.api.FilterProperties;
import dev.atelier.api.Payload;
import dev.atelier.api.Raster;
import dev.atelier.api.StepContext;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The @@NAME@@ filter: fewer levels per channel (a poster's flat colours). Rename it and replace
 * {@link #posterize} with your own image work; the rest is what every Atelier filter needs.
 */
@Component
@FilterProperties(name = "@@NAME@@", input = Payload.RASTER, output = Payload.RASTER,
        description = "Fewer levels per channel, for a poster's flat colours")
@Designate(ocd = @@CLASS@@.Config.class)
public class @@CLASS@@ implements Filter {

    /** The parameters: each one's name, type, default, range and help, printed by atelier:inspect @@NAME@@. */
    @ObjectClassDefinition(name = "@@NAME@@", description = "Fewer levels per channel")
    @interface Config {
        @AttributeDefinition(min = "2", max = "256", description = "Levels per channel")
        int levels() default 4;

        @AttributeDefinition(description = "Which channels: all three, or the lightness only (colours keep their hue)",
                options = {@Option(value = "rgb"), @Option(value = "lightness")})
        String channels() default "rgb";
    }

    @Override public Payload apply(Payload input, StepContext ctx) {
        Config c = ctx.parameters(Config.class);
        Raster in = (Raster) input;
        int[] src = in.pixels(), out = new int[src.length];
        boolean lightness = c.channels().equals("lightness");
        for (int i = 0; i < src.length; i++) {
            if ((i & 0xFFFF) == 0) { // now and then: a cancelled job stops here, and the progress bar moves
                ctx.checkCancelled();
                ctx.progress((double) i / src.length);
            }
            out[i] = lightness ? posterizeLightness(src[i], c.levels()) : posterize(src[i], c.levels());
        }
        ctx.log("posterized to " + c.levels() + " levels (" + c.channels() + ")");
        return in.withPixels(out); // never write into the input's pixels: other steps may share them
    }

    /** What the Metatype cannot say, checked when a descriptor is read (this one has nothing more to check). */
    @Override public List<String> check(Map<String, Object> parameters, String input) {
        return List.of();
    }

    /** One 0xRRGGBB pixel with each channel cut to {@code levels} evenly spaced values. */
    static int posterize(int rgb, int levels) {
        int out = 0;
        for (int shift = 16; shift >= 0; shift -= 8) out |= level(rgb >> shift & 0xFF, levels) << shift;
        return out;
    }

    /** The same on the pixel's lightness (the mean of its channels), every channel moved by the same amount. */
    static int posterizeLightness(int rgb, int levels) {
        int r = rgb >> 16 & 0xFF, g = rgb >> 8 & 0xFF, b = rgb & 0xFF, mean = (r + g + b) / 3, shift = level(mean, levels) - mean;
        return clamp(r + shift) << 16 | clamp(g + shift) << 8 | clamp(b + shift);
    }

    private static int level(int v, int levels) {
        int step = Math.round(v * (levels - 1) / 255f);
        return Math.round(step * 255f / (levels - 1));
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
