package dev.atelier.plugin.mosaic.internal;

/**
 * Where the candies go. Square: a grid at one pitch. Hexagonal: every other row shifted right by half a
 * pitch and rows √3/2 of a pitch apart, so each candy touches six neighbours at exactly one pitch and the
 * packing is about 15 % denser. Positions are in tile pixels (one pitch = one tile); cell (row, col).
 *
 * <p>Candies on their side ({@code band} below 1) take a band of a pitch's width and {@code band} of its
 * height (a candy about 1 cm across and 0.5 cm thick: band 0.5), so the rows sit {@code band} of a pitch
 * apart and the same board holds 1/band times the rows: the resolution the seed's side view is for. Their
 * tiles are still square, the bar in the middle band and the rest transparent; "hexagonal" then means bricks,
 * every other row shifted by half a candy.
 */
final class Layout {
    enum Kind { SQUARE, HEX }

    static final double ROW_STEP = Math.sqrt(3) / 2;

    final Kind kind;
    final int cols, rows, tile;
    /** The share of a pitch a candy takes vertically: 1 seen from the top, its thickness over its width on its side. */
    final double band;

    Layout(Kind kind, int cols, int rows, int tile) {
        this(kind, cols, rows, tile, 1);
    }

    Layout(Kind kind, int cols, int rows, int tile, double band) {
        if (cols < 1 || rows < 1) throw new IllegalArgumentException("a mosaic needs at least one candy, got " + cols + "x" + rows);
        if (!(band > 0 && band <= 1)) throw new IllegalArgumentException("a candy's band of the pitch must be in (0, 1], not " + band);
        this.kind = kind;
        this.cols = cols;
        this.rows = rows;
        this.tile = tile;
        this.band = band;
    }

    /** Distance between rows in pitches. */
    double rowStep() {
        return band < 1 ? band : kind == Kind.HEX ? ROW_STEP : 1;
    }

    /**
     * The layout for an image: {@code candies} along its short edge, and as many along the other as keep
     * the image's proportions.
     */
    static Layout forImage(Kind kind, int width, int height, int candies, int tile) {
        return forImage(kind, width, height, candies, tile, 1);
    }

    /** The same, for candies taking {@code band} of a pitch vertically: {@code candies} still counts across the short edge's width. */
    static Layout forImage(Kind kind, int width, int height, int candies, int tile, double band) {
        double pitch = Math.min(width, height) / (double) candies; // in image pixels
        if (band < 1) {
            // side-on: columns one pitch wide, rows band of a pitch tall, bricks or not
            int cols = Math.max(1, (int) Math.round(width / pitch - (kind == Kind.HEX ? 0.5 : 0)));
            return new Layout(kind, cols, Math.max(1, (int) Math.round(height / (pitch * band))), tile, band);
        }
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
        return tile * (band < 1 ? band * (row + 0.5) : 0.5 + row * rowStep());
    }

    /** Top of the band a candy covers (the whole tile seen from the top), in tile pixels. */
    double bandTop(int row, int col) {
        return centreY(row, col) - band * tile / 2.0;
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
        if (band < 1) return (int) Math.ceil(tile * band * rows);
        return kind == Kind.SQUARE ? rows * tile : (int) Math.ceil(tile * (1 + (rows - 1) * ROW_STEP));
    }

    /** Physical size in pitches (multiply by the pitch in mm). */
    double widthPitches() {
        return cols + (kind == Kind.HEX && rows > 1 ? 0.5 : 0);
    }

    double heightPitches() {
        if (band < 1) return rows * band;
        return kind == Kind.SQUARE ? rows : 1 + (rows - 1) * ROW_STEP;
    }
}
