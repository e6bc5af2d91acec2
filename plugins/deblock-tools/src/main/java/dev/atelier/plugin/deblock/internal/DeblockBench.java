package dev.atelier.plugin.deblock.internal;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The deblocking network's speed: seconds per megapixel at several tile sizes on a 3.1 MP JPEG (quality 20),
 * the arithmetic rate that is, and its fraction of the CPU's peak. {@code ./atelier bench-deblock} runs it,
 * then a 24 MP JPEG through the host under a 2 GB heap ({@code large OUT W H} writes that picture).
 */
public final class DeblockBench {
    private DeblockBench() { }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("large")) {
            Files.write(Path.of(args[1]), Jpeg.encode(scaled(Integer.parseInt(args[2]), Integer.parseInt(args[3])), 20));
            return;
        }
        Path model = null;
        int flopPerCycle = hasAvx512() ? 64 : 32, rounds = 3;
        List<Integer> tiles = new ArrayList<>(List.of(256, 512, 1024));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> model = Path.of(args[++i]);
                case "--flop-per-cycle" -> flopPerCycle = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--tiles" -> tiles = Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --model FILE --tiles 256,512,1024 --rounds N --flop-per-cycle F");
            }
        }
        Network net;
        try (InputStream in = model == null ? DeblockFilter.class.getClassLoader().getResourceAsStream(DeblockFilter.BUNDLED) : Files.newInputStream(model)) {
            net = Network.read(in, model == null ? "the bundled network" : model.toString());
        }
        int w = 2048, h = 1536;
        byte[] jpeg = Jpeg.encode(scaled(w, h), 20);
        BufferedImage decoded = Jpeg.decode(jpeg);
        int[] rgb = decoded.getRGB(0, 0, w, h, null, 0, w);
        float quant = Network.quantInput(Jpeg.header(jpeg).tables()[0][0]);
        double flopPerPixel = net.flopPerPixel();
        int cores = Runtime.getRuntime().availableProcessors();
        double ghz = cpuGhz(), peak = cores * ghz * flopPerCycle;
        System.out.printf(Locale.ROOT, "Network: %d parameters, %.0f FLOP per pixel (3x3 convolutions, multiply and add counted apart)%n",
                net.parameters(), flopPerPixel);
        System.out.printf(Locale.ROOT, "CPU: %d cores at %.2f GHz x %d FLOP/cycle (two %d-bit FMA pipes, single precision) = %.0f GFLOP/s peak%n",
                cores, ghz, flopPerCycle, flopPerCycle * 8, peak);
        String coreType = System.getenv("OPENBLAS_CORETYPE");
        System.out.println("OpenBLAS kernels: " + (coreType != null && !coreType.isBlank()
                ? coreType + " (OPENBLAS_CORETYPE; ./atelier sets SkylakeX on AVX-512 CPUs, which the bundled OpenBLAS 0.3.19 may not know)"
                : "chosen by the bundled OpenBLAS 0.3.19 from the CPU model (OPENBLAS_VERBOSE=2 prints which; a CPU newer than it gets SSE3 code)"));
        double gemm = largeProductRate(cores);
        System.out.printf(Locale.ROOT, "Large matrix product (2048^3 sgemm, OpenBLAS, %d threads): %.0f GFLOP/s, %.0f%% of that peak "
                + "(above 100%%: the clock runs above the nominal one)%n", cores, gemm, 100 * gemm / peak);
        System.out.printf(Locale.ROOT, "Image: %d x %d (%.1f MP), JPEG quality 20; median of %d runs after one warm-up%n%n", w, h, w * h / 1e6, rounds);
        System.out.printf(Locale.ROOT, "%-6s %-7s %-24s %8s %9s %9s %9s%n", "tile", "margin", "tiles at once", "s/MP", "GFLOP/s", "of peak", "of sgemm");
        int workers = net.workers();
        Tiler.run(rgb, w, h, 512, DeblockFilter.MARGIN, workers, (px, hh, ww) -> net.correction(px, hh, ww, quant));
        // the alternative the filter does not take: one tile at a time, each product split over every core
        Nd4j.factory().blas().setMaxThreads(cores);
        Nd4j.getEnvironment().setMaxThreads(cores);
        row(rgb, w, h, 512, 1, String.format("1 (%d BLAS threads)", cores), rounds, net, quant, flopPerPixel, peak, gemm);
        net.workers();
        for (int tile : tiles) row(rgb, w, h, tile, workers, String.format("%d (1 BLAS thread each)", workers), rounds, net, quant, flopPerPixel, peak, gemm);
        System.out.println("\n(GFLOP/s counts the image's pixels only; the tiles' margins are extra work the rate does not credit.)");
    }

    private static void row(int[] rgb, int w, int h, int tile, int workers, String label, int rounds, Network net, float quant, double flopPerPixel,
                            double peak, double gemm) {
        double[] t = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            Tiler.run(rgb, w, h, tile, DeblockFilter.MARGIN, workers, (px, hh, ww) -> net.correction(px, hh, ww, quant));
            t[r] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(t);
        double seconds = t[rounds / 2], perMp = seconds / (w * h / 1e6), gflops = flopPerPixel * w * h / seconds / 1e9;
        System.out.printf(Locale.ROOT, "%-6d %-7d %-24s %8.2f %9.1f %8.0f%% %8.0f%%%n", tile, DeblockFilter.MARGIN, label, perMp, gflops, 100 * gflops / peak, 100 * gflops / gemm);
    }

    /** GFLOP/s of a large square single-precision product: what BLAS reaches on this machine at best. */
    static double largeProductRate(int threads) {
        Nd4j.factory().blas().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        int n = 2048;
        var a = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, n);
        var b = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, n);
        var c = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, n);
        double best = Double.MAX_VALUE;
        for (int r = 0; r < 4; r++) {
            long t0 = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        a.close();
        b.close();
        c.close();
        return 2.0 * n * n * n / best / 1e9;
    }

    /** astronaut.png scaled to w x h (bilinear): content for timing, not for quality figures. */
    static BufferedImage scaled(int w, int h) throws Exception {
        BufferedImage src = ImageIO.read(Path.of(System.getProperty("atelier.samples", "runtime/samples"), "astronaut.png").toFile());
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /** AVX-512 doubles the single-precision FMA width, and so the peak; OpenBLAS uses it where the CPU has it. */
    static boolean hasAvx512() {
        try {
            return Files.readString(Path.of("/proc/cpuinfo")).contains(" avx512f");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** The clock /proc/cpuinfo reports (the nominal one on most virtual machines). */
    static double cpuGhz() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("cpu MHz")) return Double.parseDouble(line.substring(line.indexOf(':') + 1).trim()) / 1000;
        }
        throw new IllegalStateException("no cpu MHz line in /proc/cpuinfo; this benchmark reads the clock from there (Linux)");
    }
}
