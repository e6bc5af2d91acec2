package dev.atelier.plugin.deblock.internal;

import dev.atelier.api.Filter;
import dev.atelier.api.FilterProperties;
import dev.atelier.api.Payload;
import dev.atelier.api.Raster;
import dev.atelier.api.StepContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Removes JPEG blocking with a convolutional network. The network is read on first use, not when the
 * bundle starts, so the host starts as fast with this bundle as without it.
 */
@Component
@FilterProperties(name = "deblock", output = Payload.RASTER,
        description = "Removes JPEG blocking and ringing with a small convolutional network (Deeplearning4j); other images pass through")
@Designate(ocd = DeblockFilter.Config.class)
public class DeblockFilter implements Filter {
    /** The network shipped in this bundle. */
    static final String BUNDLED = "model/deblock.zip";
    /** The default margin: the bundled network's reach (its receptive field is 25 x 25). */
    static final int MARGIN = 12;
    /**
     * The luma DC step of libjpeg's quality 50, the finest the network was trained on (qualities 5-50). On
     * finer files it blurs more than it repairs (held-out photos: -0.05 dB at quality 75, -0.97 dB at 90).
     */
    static final int FINEST_TRAINED_DC_STEP = 16;

    @ObjectClassDefinition(name = "deblock", description = "JPEG deblocking")
    @interface Config {
        @AttributeDefinition(description = "A network file (ModelSerializer zip); empty: the network shipped with the bundle")
        String model() default "";

        @AttributeDefinition(min = "8", max = "4096", description = "Tile size in pixels (a multiple of 8): memory grows with its square "
                + "(256: about 32 MB per core for the 46-channel network; 512: about 110 MB)")
        int tile() default 256;

        @AttributeDefinition(min = "0", max = "64", description = "Pixels of context around each tile, at least the network's reach "
                + "(12 for the bundled network, whose receptive field is 25 x 25); less leaves seams")
        int margin() default MARGIN;

        @AttributeDefinition(description = "Deblock JPEGs finer than the network was trained on (quality above about 50) too; "
                + "by default they pass through, as the network would blur them")
        boolean force() default false;

        @AttributeDefinition(description = "Network passes per tile, mirrored and transposed, averaged: 1 (fastest), 2, 4 or 8 "
                + "(8: 0.13-0.17 dB more on held-out photos, 8x the time)", options = {
            @Option(value = "1"), @Option(value = "2"), @Option(value = "4"), @Option(value = "8")})
        int ensemble() default 1;
    }

    private final Map<String, Network> loaded = new ConcurrentHashMap<>();

    /** At load time: a model file, when one is named, exists and is a zip (ModelSerializer's format); it is read when a job runs. */
    @Override public java.util.List<String> check(java.util.Map<String, Object> parameters, String input) {
        String model = String.valueOf(parameters.getOrDefault("model", ""));
        if (model.isBlank()) return java.util.List.of();
        Path file = java.nio.file.Paths.get(System.getProperty("atelier.workdir", "")).toAbsolutePath().resolve(model);
        if (!Files.isRegularFile(file)) return java.util.List.of("parameter 'model': no file " + file + " (./atelier deblock-train makes one)");
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            if (zip.getEntry("configuration.json") == null) {
                return java.util.List.of("parameter 'model': " + file + " is a zip but not a network saved by Deeplearning4j (no configuration.json)");
            }
        } catch (IOException e) {
            return java.util.List.of("parameter 'model': " + file + " is not a network file (a zip written by ./atelier deblock-train)");
        }
        return java.util.List.of();
    }

    @Override public Payload apply(Payload input, StepContext ctx) throws Exception {
        Config c = ctx.parameters(Config.class);
        Raster in = (Raster) input;
        if (in.source().jpeg() == null) {
            ctx.log(in.source().name() + " is not a JPEG: passed through unchanged");
            return in;
        }
        var jpeg = in.source().jpeg();
        int dcStep = jpeg.quantTables().get(jpeg.componentTables()[0])[0];
        if (dcStep < FINEST_TRAINED_DC_STEP && !c.force()) {
            ctx.log(in.source().name() + ": finer than the network was trained on (luma DC step " + dcStep + ", under " + FINEST_TRAINED_DC_STEP
                    + ": quality above about 50), where it would blur more than it repairs; passed through unchanged (force=true deblocks it anyway)");
            return in;
        }
        Network net = network(c.model(), ctx);
        float quant = Network.quantInput(dcStep);
        int[] out = Tiler.run(in.pixels(), in.width(), in.height(), c.tile(), c.margin(), net.workers(),
                SelfEnsemble.of((rgb, h, w) -> net.correction(rgb, h, w, quant), c.ensemble()));
        if ("grey".equals(jpeg.subsampling())) {
            // a 1-component JPEG stays grey: the network, fed R = G = B, moves the channels apart a little
            Grey.average(out);
            ctx.log(in.source().name() + ": a grey JPEG, deblocked as grey (the three channels' mean)");
        }
        return in.withPixels(out);
    }



    private Network network(String model, StepContext ctx) throws IOException {
        if (model.isBlank()) {
            Network n = loaded.get(BUNDLED);
            if (n != null) return n;
            try (InputStream in = DeblockFilter.class.getClassLoader().getResourceAsStream(BUNDLED)) {
                if (in == null) {
                    throw new IllegalArgumentException("parameter model: this build ships no trained network yet; give one with model=FILE "
                            + "(./atelier deblock-train makes one)");
                }
                n = Network.read(in, "the bundled network");
            }
            loaded.put(BUNDLED, n);
            return n;
        }
        Path file = ctx.baseDirectory().resolve(model);
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("parameter model: no file " + file);
        String key = file + "@" + Files.getLastModifiedTime(file).toMillis();
        Network n = loaded.get(key);
        if (n == null) {
            try (InputStream in = Files.newInputStream(file)) {
                n = Network.read(in, file.toString());
            } catch (IOException e) {
                throw new IllegalArgumentException("parameter model: " + e.getMessage(), e);
            }
            loaded.put(key, n);
            ctx.log("network " + file + ": " + n.parameters() + " parameters");
        }
        return n;
    }
}
