package dev.atelier.plugin.linify.internal;

/**
 * The photo as light, at the resolution the line is judged at: linear luminance averaged over boxes,
 * then contrast-stretched so that the darkest cell is 0 and the lightest 1.
 */
final class Tone {
    final int cols, rows, scale; // cells, and pixels per cell in the fine grid
    final float[] cells;   // cols x rows, stretched light in [0,1]
    final float[] fine;    // (cols*scale) x (rows*scale), the same stretch
    /** The photo's own linear light (no stretch, no local contrast) on the fine grid, blurred by one cell: what a drawing is scored against. */
    final float[] photoBlurred;
    /** The photo's side of the score, computed once. */
    final Perceptual.Reference reference;

    private Tone(int cols, int rows, int scale, float[] cells, float[] fine, float[] photo) {
        this.cols = cols;
        this.rows = rows;
        this.scale = scale;
        this.cells = cells;
        this.fine = fine;
        this.photoBlurred = InkRenderer.blur(photo, cols * scale, rows * scale, scale);
        this.reference = new Perceptual.Reference(photoBlurred, cols * scale, rows * scale, scale);
    }

    static Tone of(int[] rgb, int width, int height, int cols, int rows, int scale) {
        return of(rgb, width, height, cols, rows, scale, false);
    }

    /** @param localContrast equalise contrast locally (CLAHE on lightness, {@link Clahe}) before the stretch */
    static Tone of(int[] rgb, int width, int height, int cols, int rows, int scale, boolean localContrast) {
        int fw = cols * scale, fh = rows * scale;
        double[] sum = new double[fw * fh];
        int[] count = new int[fw * fh];
        float[] lin = new float[256];
        for (int i = 0; i < 256; i++) {
            double c = i / 255.0;
            lin[i] = (float) (c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
        }
        for (int y = 0; y < height; y++) {
            int ty = (int) ((long) y * fh / height);
            for (int x = 0; x < width; x++) {
                int p = rgb[y * width + x];
                int t = ty * fw + (int) ((long) x * fw / width);
                sum[t] += 0.2126 * lin[(p >> 16) & 0xFF] + 0.7152 * lin[(p >> 8) & 0xFF] + 0.0722 * lin[p & 0xFF];
                count[t]++;
            }
        }
        // An image smaller than the grid leaves boxes empty: take the nearest source pixel instead.
        float[] fine = new float[fw * fh];
        for (int ty = 0; ty < fh; ty++) for (int tx = 0; tx < fw; tx++) {
            int t = ty * fw + tx;
            if (count[t] > 0) fine[t] = (float) (sum[t] / count[t]);
            else {
                int p = rgb[Math.min(height - 1, ty * height / fh) * width + Math.min(width - 1, tx * width / fw)];
                fine[t] = 0.2126f * lin[(p >> 16) & 0xFF] + 0.7152f * lin[(p >> 8) & 0xFF] + 0.0722f * lin[p & 0xFF];
            }
        }
        float[] photo = fine.clone();
        if (localContrast) fine = Clahe.apply(fine, fw, fh, cols, rows);
        float[] cells = new float[cols * rows];
        for (int ty = 0; ty < fh; ty++) for (int tx = 0; tx < fw; tx++) cells[(ty / scale) * cols + tx / scale] += fine[ty * fw + tx] / (scale * scale);
        float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
        for (float v : cells) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        if (hi - lo > 1e-4) { // a flat image keeps its own light
            for (int i = 0; i < cells.length; i++) cells[i] = (cells[i] - lo) / (hi - lo);
            for (int i = 0; i < fine.length; i++) fine[i] = Math.max(0, Math.min(1, (fine[i] - lo) / (hi - lo)));
        }
        return new Tone(cols, rows, scale, cells, fine, photo);
    }

    /** Darkness per cell for the path: 1 - light^gamma. */
    double[] darkness(double gamma) {
        double[] d = new double[cells.length];
        for (int i = 0; i < d.length; i++) d[i] = 1 - Math.pow(cells[i], gamma);
        return d;
    }
}
