package dev.atelier.plugin.mosaic.internal;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** Makes a tile library folder from a photo of candies: one PNG per candy found, named by its colour. */
final class LibraryMaker {
    private LibraryMaker() { }

    record Made(List<Segmenter.Found> candies, Map<String, Integer> perColour, List<Path> files) { }

    static Made make(Path photo, Path folder, int size) throws IOException {
        if (!Files.isRegularFile(photo)) throw new IllegalArgumentException("no photo " + photo);
        BufferedImage img = ImageIO.read(photo.toFile());
        if (img == null) throw new IllegalArgumentException(photo + " is not an image ImageIO can read (PNG, JPEG, BMP, GIF)");
        if (size < 4 || size > 256) throw new IllegalArgumentException("tile size " + size + " is outside 4..256");
        Segmenter.Result r = Segmenter.find(img);
        if (r.candies().isEmpty()) {
            throw new IllegalArgumentException(photo + ": no candies found; the photo should show candies apart on white paper, lit evenly (a flash)");
        }
        Files.createDirectories(folder);
        Map<String, Integer> per = new LinkedHashMap<>();
        for (String n : Candy.names()) per.put(n, 0);
        List<Path> files = new java.util.ArrayList<>();
        for (Segmenter.Found f : r.candies()) {
            String name = Candy.name(f.colour());
            int k = per.merge(name, 1, Integer::sum);
            Path out = folder.resolve(name + "-" + k + ".png");
            // written beside and moved in, so a library being read never sees half a PNG
            Path tmp = folder.resolve("." + name + "-" + k + ".png.tmp");
            ImageIO.write(Segmenter.tile(img, r, f, size), "png", tmp.toFile());
            Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            files.add(out);
        }
        per.values().removeIf(v -> v == 0);
        return new Made(r.candies(), per, files);
    }
}
