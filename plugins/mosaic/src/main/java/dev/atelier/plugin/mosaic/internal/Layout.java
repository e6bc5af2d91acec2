package dev.atelier.plugin.mosaic.internal;

/**
 * Where the candies go. Square: a grid at one pitch. Hexagonal: every other row shifted right by half a
 * pitch and rows √3/2 of a pitch apart, so each candy touches six neighbours at exactly one pitch and the
 * packing is about 15 % denser. Positions are in tile pixels (one pitch = one tile); cell (row, col).
 */
final class Layout {
    enum Kind { SQUARE, HEX }

    static final double ROW_STEP = Math.sqrt(3) / 2;

    final Kind kind;
    final int cols, rows, tile;

    Layout(Kind kind, int cols, int rows, int tile) {
        if (cols < 1 || rows < 1) throw new IllegalArgumentException("a mosaic needs at least one candy, got " + cols + "x" + rows);
        this.kind = kind;
        this.cols = cols;
        this.rows = rows;
        this.tile = tile;
    }

    /**
     * The layout for an image: {@code candies} along its short edge, and as many along the other as keep
     * the image's proportions.
     */
    static Layout forImage(Kind kind, int width, int height, int candies, int tile) {
        double pitch = Math.min(width, height) / (double) candies; // in image pixels
        if (kind == Kind.SQUARE) {
            return new Layout(kind, Math.max(1, (int) Math.round(width / pitch)), Math.max(1, (int) Math.round(height / pitch)), tile);
        }
        // the short edge holds exactly the number asked for; the long edge as many as fit its length
        int cols = width <= height ? candies : Math.max(1, (int) Math.round(width / pitch - 0.5));
        int rows = width <= height ? Math.max(1, (int) Math.round((height / pitch - 1) / ROW_STEP) + 1) : candies;
        return new Layout(kind, cols, rows, tile);
    }

    int cells() {
        return cols * rows;
    }

    /** Centre of a candy, in tile pixels, exact. */
    double centreX(int row, int col) {
        return tile * (col + 0.5 + (kind == Kind.HEX && (row & 1) == 1 ? 0.5 : 0));
    }

    double centreY(int row, int col) {
        return tile * (0.5 + row * (kind == Kind.HEX ? ROW_STEP : 1));
    }

    /** Top-left pixel of a candy's tile in the picture. */
    int left(int row, int col) {
        return (int) Math.round(centreX(row, col) - tile / 2.0);
    }

    int top(int row, int col) {
        return (int) Math.round(centreY(row, col) - tile / 2.0);
    }

    /** Size of the picture in pixels. */
    int width() {
        return cols * tile + (kind == Kind.HEX && rows > 1 ? tile / 2 : 0);
    }

    int height() {
        return kind == Kind.SQUARE ? rows * tile : (int) Math.ceil(tile * (1 + (rows - 1) * ROW_STEP));
    }

    /** Physical size in pitches (multiply by the pitch in mm). */
    double widthPitches() {
        return cols + (kind == Kind.HEX && rows > 1 ? 0.5 : 0);
    }

    double heightPitches() {
        return kind == Kind.SQUARE ? rows : 1 + (rows - 1) * ROW_STEP;
    }
}
