package dev.atelier.plugin.mosaic.internal;

import java.awt.image.BufferedImage;

/**
 * One candy image, square, with a transparent background, in its four rotations (0, 90, 180 and 270
 * degrees clockwise) as non-premultiplied sRGB ARGB.
 */
final class Tile {
    final int colour;
    final String name;
    final int size;
    private final int[][] rotations = new int[4][];

    Tile(int colour, String name, int size, int[] argb) {
        if (argb.length != size * size) throw new IllegalArgumentException("tile " + name + ": " + argb.length + " pixels for " + size + "x" + size);
        this.colour = colour;
        this.name = name;
        this.size = size;
        rotations[0] = argb;
        for (int r = 1; r < 4; r++) rotations[r] = rotateClockwise(rotations[r - 1], size);
    }

    static Tile of(int colour, String name, BufferedImage image) {
        int s = image.getWidth();
        return new Tile(colour, name, s, image.getRGB(0, 0, s, s, null, 0, s));
    }

    /** ARGB pixels of the tile turned {@code quarter} times 90 degrees clockwise. */
    int[] argb(int quarter) {
        return rotations[quarter & 3];
    }

    static int[] rotateClockwise(int[] src, int s) {
        int[] dst = new int[src.length];
        // a point (x, y) of the source lands at (s-1-y, x)
        for (int y = 0; y < s; y++) for (int x = 0; x < s; x++) dst[y * s + (s - 1 - x)] = src[x * s + y];
        return dst;
    }

    BufferedImage image(int quarter) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, size, size, argb(quarter), 0, size);
        return img;
    }
}
