package dev.atelier.plugin.mosaic.internal;

import dev.atelier.api.Filter;
import dev.atelier.api.FilterProperties;
import dev.atelier.api.Payload;
import dev.atelier.api.Raster;
import dev.atelier.api.StepContext;
import dev.atelier.plugin.dither.api.Kernel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** A photo as a mosaic of candies, with a bill of materials and an assembly chart. */
@Component
@FilterProperties(name = "mosaic", output = Payload.RASTER,
        description = "The photo as a mosaic of candies (8 colours, 4 rotations, square or hexagonal packing, optionally dithered); "
                + "bill of materials and assembly chart as attachments",
        attachments = {MosaicFilter.BOM, MosaicFilter.CHART})
@Designate(ocd = MosaicFilter.Config.class)
public class MosaicFilter implements Filter {
    /** Attachment: the bill of materials as text (counts, size, weight, cost). */
    public static final String BOM = "mosaic.bom";
    /** Attachment: the assembly chart as CSV, one colour letter per candy. */
    public static final String CHART = "mosaic.chart";
    /** Attachment: candies per colour, a map from colour name to count. */
    public static final String COUNTS = "mosaic.counts";
    /** Attachment (with sheets: true): the printable build sheets, a PDF as bytes. */
    public static final String SHEETS = "mosaic.sheets";

    @ObjectClassDefinition(name = "mosaic", description = "A candy mosaic")
    @interface Config {
        @AttributeDefinition(min = "1", max = "2000", description = "Candies along the image's short edge")
        int candies() default 60;

        @AttributeDefinition(description = "square grid, or hexagonal packing (odd rows shifted by half a candy; about 15 % denser)",
                options = {@Option(value = "square"), @Option(value = "hex")})
        String layout() default "square";

        @AttributeDefinition(description = "Candies seen from the top (round, with the printed S) or on their side (a bar, thickness.mm tall: "
                + "rows pitch.mm / thickness.mm times as many, for more detail up and down)",
                options = {@Option(value = "top"), @Option(value = "side")})
        String view() default "top";

        @AttributeDefinition(min = "0.1", description = "Thickness of a candy in mm, the height of a row of candies on their side (view side)")
        double thickness_mm() default 5;

        @AttributeDefinition(min = "4", max = "256", description = "Pixels per candy in the picture (built-in tiles; a library folder has its own size)")
        int tile_px() default 24;

        @AttributeDefinition(min = "1", max = "64", description = "Samples across a candy when comparing a cell with a tile (at most tile.px)")
        int match_px() default 12;

        @AttributeDefinition(description = "pixels: compare the cell with each tile and rotation sample by sample in OKLab; "
                + "mean: only the cell's mean colour against the candies' colours (the naive way, for comparison)",
                options = {@Option(value = "pixels"), @Option(value = "mean")})
        String matching() default "pixels";

        @AttributeDefinition(description = "Error diffusion between cells, so in-between colours become mixes of candies")
        boolean dither() default false;

        @AttributeDefinition(description = "Kernel for dither: floyd-steinberg, jarvis-judice-ninke, stucki, burkes, sierra3, sierra2, sierra-lite, atkinson")
        String kernel() default "floyd-steinberg";

        @AttributeDefinition(description = "Try each tile turned 0, 90, 180 and 270 degrees")
        boolean rotations() default true;

        @AttributeDefinition(description = "A folder of tiles (COLOUR[-N].png, as mosaic:library makes from a photo of candies); empty: the built-in tiles")
        String library() default "";

        @AttributeDefinition(description = "Only these colours, e.g. red,white,pink (empty: all eight)")
        String colours() default "";

        @AttributeDefinition(description = "The candies you have, e.g. red:400,white:900 (colours not named: none); empty: as many as needed")
        String stock() default "";

        @AttributeDefinition(description = "Colour of the board between the candies, as #RRGGBB, or auto: white (#FFFFFF) or dark (#202020), "
                + "whichever brings the mosaic closer to the photo")
        String background() default "auto";

        @AttributeDefinition(min = "0.1", description = "Distance between candy centres in mm, for the size in the bill of materials")
        double pitch_mm() default 10;

        @AttributeDefinition(min = "0", description = "Weight of one candy in grams")
        double weight_g() default 1;

        @AttributeDefinition(min = "0", description = "Cost of one candy")
        double cost() default 0.01;

        @AttributeDefinition(description = "Currency sign for the cost")
        String currency() default "£";

        @AttributeDefinition(description = "Also make printable build sheets (PDF, the attachment mosaic.sheets): the whole chart, then one page "
                + "per section with every candy's colour and letter, rows and columns numbered, and counts")
        boolean sheets() default false;

        @AttributeDefinition(description = "Paper for the build sheets", options = {@Option(value = "a4"), @Option(value = "letter")})
        String sheets_paper() default "a4";

        @AttributeDefinition(min = "4", max = "100", description = "Candies along each side of a build sheet's section (20: 400 candies, a sitting's work)")
        int sheets_section() default 20;
    }

    @Override public Payload apply(Payload input, StepContext ctx) throws Exception {
        Config c = ctx.parameters(Config.class);
        Raster in = (Raster) input;
        TileRenderer.View view = switch (c.view()) {
            case "top" -> TileRenderer.View.TOP;
            case "side" -> TileRenderer.View.SIDE;
            default -> throw new IllegalArgumentException("parameter view: '" + c.view() + "' is not top or side");
        };
        TileLibrary lib = c.library().isBlank() ? TileLibrary.builtIn(view, c.tile_px())
                : TileLibrary.folder(ctx.baseDirectory().resolve(Path.of(c.library())), view);
        MosaicEngine.Settings s = settings(c, lib);
        if (view == TileRenderer.View.SIDE) {
            if (c.thickness_mm() > c.pitch_mm()) {
                throw new IllegalArgumentException("parameter thickness.mm (" + c.thickness_mm() + ") is more than pitch.mm (" + c.pitch_mm()
                        + "): a candy on its side is thinner than it is wide; about 5 for 10 mm candies");
            }
            s = s.withBand(c.thickness_mm() / c.pitch_mm());
        }
        MosaicEngine.Result r = MosaicEngine.run(in, lib, s, ctx::isCancelled);
        Bom.Costs costs = new Bom.Costs(c.pitch_mm(), c.weight_g(), c.cost(), c.currency());
        ctx.attach(BOM, Bom.report(in.source().name(), r, costs));
        ctx.attach(CHART, Bom.chart(r));
        ctx.attach(COUNTS, Bom.counts(r.counts()));
        if (c.sheets()) ctx.attach(SHEETS, BuildSheets.pdf(in.source().name(), r, costs, BuildSheets.paper(c.sheets_paper()), c.sheets_section()));
        ctx.log(String.format(Locale.ROOT, "%d x %d candies on a #%06X board: %s", r.layout().cols, r.layout().rows, r.board(), Bom.counts(r.counts())));
        return new Raster(r.layout().width(), r.layout().height(), r.rgb(), in.source());
    }

    static MosaicEngine.Settings settings(Config c, TileLibrary lib) {
        Layout.Kind layout = switch (c.layout()) {
            case "square" -> Layout.Kind.SQUARE;
            case "hex", "hexagonal" -> Layout.Kind.HEX;
            default -> throw new IllegalArgumentException("parameter layout: '" + c.layout() + "' is not square or hex");
        };
        MosaicEngine.Matching matching = switch (c.matching()) {
            case "pixels" -> MosaicEngine.Matching.PIXELS;
            case "mean" -> MosaicEngine.Matching.MEAN;
            default -> throw new IllegalArgumentException("parameter matching: '" + c.matching() + "' is not pixels or mean");
        };
        Kernel kernel;
        try {
            kernel = Kernel.of(c.kernel());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parameter kernel: " + e.getMessage() + "; one of "
                    + String.join(", ", Arrays.stream(Kernel.values()).map(Kernel::id).toList()));
        }
        boolean[] allowed = colours(c.colours(), lib);
        long[] stock = stock(c.stock(), allowed);
        return new MosaicEngine.Settings(layout, c.candies(), Math.max(1, c.match_px()), matching, c.dither(), kernel, c.rotations(),
                colour(c.background()), allowed, stock);
    }

    /** At load time: background, colours and stock are well formed (the library folder is read when a job runs). */
    @Override public java.util.List<String> check(java.util.Map<String, Object> parameters, String input) {
        java.util.List<String> problems = new java.util.ArrayList<>();
        try {
            colour(String.valueOf(parameters.getOrDefault("background", "auto")));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage().replaceFirst("^parameter (\\w+):", "parameter '$1':"));
        }
        boolean[] all = new boolean[Candy.count()];
        java.util.Arrays.fill(all, true);
        for (String n : split(String.valueOf(parameters.getOrDefault("colours", "")))) {
            if (Candy.index(n) < 0) problems.add("parameter 'colours': '" + n + "' is not a candy colour (" + String.join(", ", Candy.names()) + ")");
        }
        try {
            stock(String.valueOf(parameters.getOrDefault("stock", "")), all);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage().replaceFirst("^parameter (\\w+):", "parameter '$1':"));
        }
        return problems;
    }

    static boolean[] colours(String spec, TileLibrary lib) {
        boolean[] present = lib.coloursPresent();
        String[] names = split(spec);
        if (names.length == 0) return present;
        boolean[] allowed = new boolean[Candy.count()];
        for (String n : names) {
            int i = Candy.index(n);
            if (i < 0) throw new IllegalArgumentException("parameter colours: '" + n + "' is not a candy colour (" + String.join(", ", Candy.names()) + ")");
            if (!present[i]) throw new IllegalArgumentException("parameter colours: the tile library has no " + n + " tile");
            allowed[i] = true;
        }
        return allowed;
    }

    /** "red:400,white:900" as counts by colour; null when no stock is given (as many as needed). */
    static long[] stock(String spec, boolean[] allowed) {
        String[] items = split(spec);
        if (items.length == 0) return null;
        long[] stock = new long[Candy.count()];
        for (String item : items) {
            String[] kv = item.split("[:=]");
            int i = kv.length == 2 ? Candy.index(kv[0]) : -1;
            if (i < 0) throw new IllegalArgumentException("parameter stock: '" + item + "' is not COLOUR:COUNT, e.g. red:400");
            try {
                stock[i] = Long.parseLong(kv[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("parameter stock: '" + kv[1] + "' in '" + item + "' is not a whole number");
            }
            if (stock[i] < 0) throw new IllegalArgumentException("parameter stock: negative count in '" + item + "'");
            if (!allowed[i]) stock[i] = 0;
        }
        return stock;
    }

    private static String[] split(String spec) {
        if (spec == null) return new String[0];
        return Arrays.stream(spec.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }

    static int colour(String hex) {
        if (hex.trim().equalsIgnoreCase("auto")) return MosaicEngine.AUTO;
        String h = hex.trim();
        if (h.startsWith("#")) h = h.substring(1);
        if (!h.matches("[0-9A-Fa-f]{6}")) throw new IllegalArgumentException("parameter background: '" + hex + "' is neither a colour like #FFFFFF nor auto");
        return Integer.parseInt(h, 16);
    }
}
