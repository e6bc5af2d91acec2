package dev.atelier.plugin.dither.api;

/**
 * The generalised Hilbert ("gilbert") curve of Jakub Červený (BSD-2-Clause): visits every pixel of a
 * rectangle of any size once, each step to a neighbour (a single diagonal step can occur when both
 * sides are odd). A plain Hilbert curve needs a power-of-two square and leaves the rectangle, which
 * breaks the locality that Riemersma dithering relies on.
 */
public final class Gilbert {
    /** Receives the curve's points in order. */
    public interface Visitor {
        void visit(int x, int y);
    }

    private Gilbert() { }

    public static void walk(int width, int height, Visitor v) {
        if (width <= 0 || height <= 0) return;
        if (width >= height) generate(0, 0, width, 0, 0, height, v);
        else generate(0, 0, 0, height, width, 0, v);
    }

    private static void generate(int x, int y, int ax, int ay, int bx, int by, Visitor v) {
        int w = Math.abs(ax + ay), h = Math.abs(bx + by);
        int dax = Integer.signum(ax), day = Integer.signum(ay), dbx = Integer.signum(bx), dby = Integer.signum(by);
        if (h == 1) {
            for (int i = 0; i < w; i++, x += dax, y += day) v.visit(x, y);
            return;
        }
        if (w == 1) {
            for (int i = 0; i < h; i++, x += dbx, y += dby) v.visit(x, y);
            return;
        }
        int ax2 = Math.floorDiv(ax, 2), ay2 = Math.floorDiv(ay, 2), bx2 = Math.floorDiv(bx, 2), by2 = Math.floorDiv(by, 2);
        int w2 = Math.abs(ax2 + ay2), h2 = Math.abs(bx2 + by2);
        if (2 * w > 3 * h) {
            if (w2 % 2 != 0 && w > 2) { ax2 += dax; ay2 += day; }
            generate(x, y, ax2, ay2, bx, by, v);
            generate(x + ax2, y + ay2, ax - ax2, ay - ay2, bx, by, v);
        } else {
            if (h2 % 2 != 0 && h > 2) { bx2 += dbx; by2 += dby; }
            generate(x, y, bx2, by2, ax2, ay2, v);
            generate(x + bx2, y + by2, ax, ay, bx - bx2, by - by2, v);
            generate(x + (ax - dax) + (bx2 - dbx), y + (ay - day) + (by2 - dby), -bx2, -by2, -(ax - ax2), -(ay - ay2), v);
        }
    }
}
