package dev.atelier.plugin.dither.bench;

import dev.atelier.plugin.dither.api.Ditherer;
import dev.atelier.plugin.dither.api.ErrorDiffusion;
import dev.atelier.plugin.dither.api.Kernel;
import dev.atelier.plugin.dither.api.Palette;
import dev.atelier.plugin.dither.api.Palettes;
import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Floyd–Steinberg speed of several builds of the dither bundle, in one JVM:
 * {@code ./atelier bench-dither --compare [--one-thread] [--rounds N] CLASSES_DIR...} (each a copy of
 * {@code plugins/dither/target/classes}). On shared machines, where one run differs from the next by 15 %,
 * separate benchmark runs cannot tell a 5 % change; here each build's classes get a class loader of their
 * own and the builds take turns on the same 12 MP image, so they meet the same conditions.
 */
public final class CompareBuilds {
    private CompareBuilds() { }

    public static void main(String[] args) throws Exception {
        try {
            compare(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench-dither --compare: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void compare(String[] args) throws Exception {
        boolean oneThread = false;
        int rounds = 8;
        java.util.List<String> dirs = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--one-thread" -> oneThread = true;
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> {
                    if (!new File(args[i], "dev/atelier/plugin/dither/api/ErrorDiffusion.class").isFile()) {
                        throw new IllegalArgumentException(args[i] + " holds no build of the dither bundle (no dev/atelier/plugin/dither/api/ErrorDiffusion.class); "
                                + "pass copies of plugins/dither/target/classes");
                    }
                    dirs.add(args[i]);
                }
            }
        }
        if (dirs.isEmpty()) throw new IllegalArgumentException("usage: --compare [--one-thread] [--rounds N] CLASSES_DIR...");
        var photo = DitherBench.scale(DitherBench.rgb(ImageIO.read(Path.of(System.getProperty("atelier.samples", "runtime/samples"), "astronaut.png").toFile())), 4000, 3000);
        int w = photo.getWidth(), h = photo.getHeight();
        int[] px = DitherBench.pixels(photo);
        URL tests = CompareBuilds.class.getProtectionDomain().getCodeSource().getLocation();
        Method[] run = new Method[dirs.size()];
        for (int i = 0; i < run.length; i++) {
            // the build's classes first, then this class's own folder for Run; nothing from the application loader
            ClassLoader loader = new URLClassLoader(new URL[] {new File(dirs.get(i)).toURI().toURL(), tests}, ClassLoader.getPlatformClassLoader());
            run[i] = loader.loadClass(CompareBuilds.class.getName() + "$Run").getMethod("nanos", int[].class, int.class, int.class, String.class, boolean.class);
        }
        System.out.printf(Locale.ROOT, "Floyd–Steinberg, 12 MP (%d x %d), %s, builds in turn, %d rounds after 2 warm-ups%n", w, h, oneThread ? "1 thread" : "all cores", rounds);
        System.out.printf(Locale.ROOT, "%-7s %-44s %10s %12s%n", "palette", "build", "best MP/s", "median MP/s");
        for (String palette : new String[] {"candy", "ega"}) {
            long[][] t = new long[run.length][rounds];
            for (int r = -2; r < rounds; r++) {
                for (int i = 0; i < run.length; i++) {
                    long ns = (Long) run[i].invoke(null, px, w, h, palette, oneThread);
                    if (r >= 0) t[i][r] = ns;
                }
            }
            for (int i = 0; i < run.length; i++) {
                long[] s = t[i].clone();
                Arrays.sort(s);
                double mp = w * (double) h / 1e6;
                System.out.printf(Locale.ROOT, "%-7s %-44s %10.1f %12.1f%n", palette, dirs.get(i), mp / (s[0] / 1e9), mp / (s[rounds / 2] / 1e9));
            }
        }
    }

    /** Loaded once per build, so it links to that build's classes. */
    public static final class Run {
        private Run() { }

        public static long nanos(int[] px, int w, int h, String palette, boolean oneThread) {
            Palette p = Palettes.named(palette);
            ErrorDiffusion d = new ErrorDiffusion(p, Kernel.FLOYD_STEINBERG, true, 1, ErrorDiffusion.Space.LINEAR);
            Ditherer dd = oneThread ? d.sequential() : d;
            long t0 = System.nanoTime();
            dd.apply(px, w, h, new long[p.size()], () -> false);
            return System.nanoTime() - t0;
        }
    }
}
