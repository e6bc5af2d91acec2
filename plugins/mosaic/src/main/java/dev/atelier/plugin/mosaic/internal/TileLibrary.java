package dev.atelier.plugin.mosaic.internal;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The tiles a mosaic is made of, all square and the same size. Built in: one rendered tile per colour.
 * From a folder: PNG files named after their colour ({@code red.png}, {@code red-2.png}, ...; a name with
 * {@code side} in it is a side-view tile), as {@code mosaic:library} writes them from a photo of candies.
 */
final class TileLibrary {
    final TileRenderer.View view;
    final int size;
    final List<Tile> tiles;

    private TileLibrary(TileRenderer.View view, int size, List<Tile> tiles) {
        this.view = view;
        this.size = size;
        this.tiles = List.copyOf(tiles);
    }

    static TileLibrary builtIn(TileRenderer.View view, int size) {
        if (size < 4 || size > 256) throw new IllegalArgumentException("parameter tile.px: " + size + " is outside 4..256");
        List<Tile> tiles = new ArrayList<>();
        for (int c = 0; c < Candy.count(); c++) tiles.add(TileRenderer.render(c, view, size));
        return new TileLibrary(view, size, tiles);
    }

    static TileLibrary folder(Path dir, TileRenderer.View view) throws IOException {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("parameter library: no folder " + dir);
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
        List<Tile> tiles = new ArrayList<>();
        Path first = null;
        int size = -1;
        for (Path f : files) {
            String name = f.getFileName().toString();
            String lower = name.toLowerCase(Locale.ROOT);
            if (Files.isDirectory(f)) continue;
            if (!lower.endsWith(".png")) {
                throw new IllegalArgumentException("tile library " + dir + ": " + name + " is not a PNG tile; a library holds only tiles "
                        + "named COLOUR[-N].png (" + String.join(", ", Candy.names()) + "), with a transparent background");
            }
            String colourName = lower.substring(0, lower.length() - 4).split("[-_ .]")[0];
            int colour = Candy.index(colourName);
            if (colour < 0) {
                throw new IllegalArgumentException("tile library " + dir + ": " + name + " does not start with a candy colour ("
                        + String.join(", ", Candy.names()) + ")");
            }
            boolean side = lower.contains("side");
            if (side != (view == TileRenderer.View.SIDE)) continue;
            BufferedImage img;
            try {
                img = ImageIO.read(f.toFile());
            } catch (IOException e) {
                throw new IllegalArgumentException("tile library " + dir + ": " + name + " cannot be read as an image: " + e.getMessage());
            }
            if (img == null) throw new IllegalArgumentException("tile library " + dir + ": " + name + " is not an image ImageIO can read");
            if (img.getWidth() != img.getHeight()) {
                throw new IllegalArgumentException("tile library " + dir + ": " + name + " is " + img.getWidth() + "x" + img.getHeight()
                        + "; tiles must be square");
            }
            if (size < 0) {
                size = img.getWidth();
                first = f;
            } else if (img.getWidth() != size) {
                throw new IllegalArgumentException("tile library " + dir + ": " + name + " is " + img.getWidth() + "x" + img.getHeight() + " but "
                        + first.getFileName() + " is " + size + "x" + size + "; all tiles must be the same size");
            }
            tiles.add(Tile.of(colour, name, img));
        }
        if (tiles.isEmpty()) {
            throw new IllegalArgumentException("tile library " + dir + ": no " + view.name().toLowerCase(Locale.ROOT) + "-view tiles"
                    + (view == TileRenderer.View.SIDE ? " (their names contain 'side')" : ""));
        }
        return new TileLibrary(view, size, tiles);
    }

    /** Colours that have at least one tile. */
    boolean[] coloursPresent() {
        boolean[] has = new boolean[Candy.count()];
        for (Tile t : tiles) has[t.colour] = true;
        return has;
    }
}
