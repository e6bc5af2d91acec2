package dev.atelier.plugin.deblock.internal;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Builds the training corpus from photographs shipped in Debian packages, fetched with {@code apt-get
 * download} (no root needed; an {@code apt-get update} must have run once) and unpacked with {@code dpkg-deb}.
 * Training photos: the JPEG wallpapers of mate-backgrounds, ukui-wallpapers, plasma-workspace-wallpapers and
 * lomiri-wallpapers-16.04 and -20.04 (less the few of them that are drawn, not photographed) of at least a
 * megapixel, each reduced by at least 2x (area average in linear light) to at most 1024 px on
 * the long edge, so their own compression does not teach the network. Held out, from another package so
 * training can never see them: the colour photographs of python3-skimage (PNG). {@code ./atelier deblock-corpus [DIR]}.
 */
public final class Corpus {
    static final List<String> TRAINING_PACKAGES = List.of("mate-backgrounds", "ukui-wallpapers", "plasma-workspace-wallpapers",
            "lomiri-wallpapers-16.04", "lomiri-wallpapers-20.04");
    /** Wallpapers in those packages that are drawn or rendered (gradients, stripes) or a processed texture, not photographs. */
    static final Set<String> NOT_PHOTOS = Set.of("analogpattern_by_Peter_Nerlich", "umang_by_Abhishek_Mudgal", "Fossa_by_Jasper_Roks",
            "Infinite-Sea_by_Aury88", "Painting-Colors_by__herobrine7gamer");
    static final String HELD_OUT_PACKAGE = "python3-skimage";
    static final Set<String> HELD_OUT = Set.of("astronaut.png", "chelsea.png", "coffee.png", "motorcycle_left.png", "motorcycle_right.png");

    private Corpus() { }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "plugins/deblock/corpus").toAbsolutePath();
        Path debs = dir.resolve("debs"), unpacked = dir.resolve("unpacked"), train = dir.resolve("train"), held = dir.resolve("heldout");
        for (Path d : List.of(debs, unpacked, train, held)) Files.createDirectories(d);
        List<String> all = new ArrayList<>(TRAINING_PACKAGES);
        all.add(HELD_OUT_PACKAGE);
        for (String pkg : all) {
            Path out = unpacked.resolve(pkg);
            if (Files.isDirectory(out)) continue;
            if (!hasDeb(debs, pkg)) run(debs, "apt-get", "download", pkg);
            Path deb;
            try (var s = Files.list(debs)) {
                deb = s.filter(p -> p.getFileName().toString().startsWith(pkg + "_")).findFirst().orElseThrow(
                        () -> new IOException("apt-get download " + pkg + " left no .deb in " + debs + "; run apt-get update first"));
            }
            Files.createDirectories(out);
            run(dir, "dpkg-deb", "-x", deb.toString(), out.toString());
        }
        // one photo per picture: wallpapers come in several sizes (plasma: NAME/contents/images/WxH.jpg;
        // mate: NAME.jpg, NAME_3840x2160.jpg); the largest is kept
        java.util.Map<String, Path> largest = new java.util.TreeMap<>();
        java.util.Map<String, Long> pixels = new java.util.HashMap<>();
        for (String pkg : TRAINING_PACKAGES) {
            try (var s = Files.walk(unpacked.resolve(pkg))) {
                for (Path p : s.filter(f -> f.toString().toLowerCase(Locale.ROOT).matches(".*\\.jpe?g$"))
                        .filter(f -> !NOT_PHOTOS.contains(f.getFileName().toString().replaceFirst("\\.[^.]+$", ""))).sorted().toList()) {
                    String path = p.toString().replace('\\', '/');
                    int images = path.indexOf("/contents/images/");
                    String key = pkg + "-" + (images >= 0 ? Path.of(path.substring(0, images)).getFileName().toString()
                            : p.getFileName().toString().replaceFirst("\\.[^.]+$", "").replaceFirst("_\\d+x\\d+$", ""));
                    var dims = dimensions(p);
                    long n = (long) dims[0] * dims[1];
                    if (n >= 1_000_000 && n > pixels.getOrDefault(key, 0L)) {
                        pixels.put(key, n);
                        largest.put(key, p);
                    }
                }
            }
        }
        int trained = 0;
        for (var e : largest.entrySet()) {
            Path target = train.resolve(e.getKey().replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
            if (!Files.exists(target)) {
                BufferedImage img = ImageIO.read(e.getValue().toFile());
                int f = Math.max(2, (int) Math.ceil(Math.max(img.getWidth(), img.getHeight()) / 1024.0));
                ImageIO.write(reduce(img, f), "png", target.toFile());
            }
            trained++;
        }
        int heldOut = 0;
        try (var s = Files.walk(unpacked.resolve(HELD_OUT_PACKAGE))) {
            for (Path p : s.filter(f -> HELD_OUT.contains(f.getFileName().toString())).toList()) {
                Files.copy(p, held.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                heldOut++;
            }
        }
        System.out.println("corpus in " + dir + ": " + trained + " training photos (train/), " + heldOut + " held out (heldout/)");
    }

    /** Width and height from the file's header, without decoding it. */
    private static int[] dimensions(Path p) throws IOException {
        try (var in = ImageIO.createImageInputStream(p.toFile())) {
            var readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) return new int[] {0, 0};
            var r = readers.next();
            try {
                r.setInput(in);
                return new int[] {r.getWidth(0), r.getHeight(0)};
            } finally {
                r.dispose();
            }
        }
    }

    private static boolean hasDeb(Path debs, String pkg) throws IOException {
        try (var s = Files.list(debs)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith(pkg + "_") && p.toString().endsWith(".deb"));
        }
    }

    private static void run(Path cwd, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed: " + out.trim());
    }

    /** Area average of f x f blocks in linear light. */
    static BufferedImage reduce(BufferedImage in, int f) {
        int w = in.getWidth() / f, h = in.getHeight() / f, sw = in.getWidth();
        int[] px = in.getRGB(0, 0, sw, in.getHeight(), null, 0, sw);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
            double r = 0, g = 0, b = 0;
            for (int dy = 0; dy < f; dy++) for (int dx = 0; dx < f; dx++) {
                int p = px[(y * f + dy) * sw + x * f + dx];
                r += lin(p >> 16 & 0xFF);
                g += lin(p >> 8 & 0xFF);
                b += lin(p & 0xFF);
            }
            int n = f * f;
            out.setRGB(x, y, srgb(r / n) << 16 | srgb(g / n) << 8 | srgb(b / n));
        }
        return out;
    }

    private static double lin(int c) {
        double v = c / 255.0;
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    private static int srgb(double l) {
        double c = l <= 0.0031308 ? 12.92 * l : 1.055 * Math.pow(l, 1 / 2.4) - 0.055;
        return (int) Math.max(0, Math.min(255, Math.round(c * 255)));
    }
}
